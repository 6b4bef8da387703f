-- The language of a page's buyer-facing words, numbers and dates (issue 14): versioned with
-- the rest of the page, so a draft's language reaches buyers when it is published.
ALTER TABLE pages ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
ALTER TABLE page_live ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
