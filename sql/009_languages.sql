-- Languages (issue 17): a site language, a language per article and
-- translations linked to each other.
--
-- The site's language is the setting site_language (a BCP 47 tag, 'en'
-- unless set); the row is written here so that SQL reading an article's
-- language finds it without the built-in defaults of src/model/settings.c.
INSERT OR IGNORE INTO settings (key, value) VALUES ('site_language', 'en');

-- articles.lang: the article's language as a BCP 47 tag ('en', 'zh-CN'),
-- or '' for "the site's language", which follows the setting when it
-- changes.  Which tags are supported is the model's check (one list, in
-- src/core/lang.c); the table only keeps the value tag-shaped.
ALTER TABLE articles ADD COLUMN lang TEXT NOT NULL DEFAULT ''
	CHECK (lang = '' OR (length(lang) BETWEEN 2 AND 35 AND lang NOT GLOB '*[^A-Za-z0-9-]*'));

-- Articles that translate each other share a translation_group number
-- (NULL: no translations).  A group is numbered once, when its first two
-- articles are linked, from one more than the highest number in use, and
-- the number stays while any article holds it.  The model keeps at most
-- one article per language in a group when it links them.
ALTER TABLE articles ADD COLUMN translation_group INTEGER;
CREATE INDEX articles_translation ON articles(translation_group)
	WHERE translation_group IS NOT NULL;
