-- Moving from WordPress (issue 15).
--
-- import_map: where each imported row came from, keyed on the export's site
-- and the WordPress id (the login for authors), so running the same import
-- again skips what is already here and an interrupted import resumes where
-- its last committed batch ended.  Items skipped on purpose (a pingback, a
-- nav menu entry) are recorded too, with local_id NULL and the reason.
CREATE TABLE import_map (
	source   TEXT NOT NULL,      -- the export's wp:base_blog_url, else its channel <link>
	kind     TEXT NOT NULL CHECK (kind IN ('author', 'category', 'tag', 'post', 'page',
	                                       'attachment', 'comment', 'other')),
	wp_id    TEXT NOT NULL,      -- wp:post_id, wp:term_id, wp:comment_id; the login for authors
	local_id INTEGER,            -- the row made here (users, categories, ...); NULL: skipped
	note     TEXT NOT NULL DEFAULT '', -- why it was skipped or changed ("private: kept as draft")
	PRIMARY KEY (source, kind, wp_id)
) STRICT, WITHOUT ROWID;

-- Old addresses that answer 301, looked up once for a path no route
-- answers.  path is the key gz_redirect_key makes of the old address
-- (percent-decoded, no trailing slash, "/?p=12" for query-string forms).
CREATE TABLE redirects (
	path       TEXT PRIMARY KEY,
	target     TEXT NOT NULL,    -- a path on this site: "/article/hello-world"
	created_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- Pages may now be unpublished (an imported draft or private page must not
-- become public); only 'published' pages are shown to readers.
ALTER TABLE pages ADD COLUMN status TEXT NOT NULL DEFAULT 'published'
	CHECK (status IN ('published', 'draft'));

-- A search-engine description separate from the summary (WordPress SEO
-- plugins' meta description); '' means "use the summary".
ALTER TABLE articles ADD COLUMN meta_description TEXT NOT NULL DEFAULT '';
