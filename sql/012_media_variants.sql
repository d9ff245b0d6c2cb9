-- Resized copies of uploaded images (issue 16): pages offer a browser the
-- width it needs (srcset) instead of the full original.  Each row is one
-- file in the media folder next to the original, named
-- <hash>-<width>w.<ext> (media.hash and media.ext): the same format,
-- metadata stripped, made by libvips at upload (or by `gazette media
-- rebuild` for images stored before).  The original's own size stays in
-- media.width and media.height.  A row is written only after its file is
-- complete on disk; deleting the media row deletes these rows, and the
-- model removes the files after its commit.
CREATE TABLE media_variants (
	media_id INTEGER NOT NULL REFERENCES media(id) ON DELETE CASCADE,
	width    INTEGER NOT NULL,  -- pixels, as made (never more than media.width)
	height   INTEGER NOT NULL,  -- pixels, in proportion
	bytes    INTEGER NOT NULL,  -- file size
	PRIMARY KEY (media_id, width)
) STRICT, WITHOUT ROWID;
