-- Schema 18: page views for the sales funnel. Counted in memory and added here in one
-- transaction per scheduler pass: a row per page and UTC day, no visitor data at all.
CREATE TABLE page_views (
    page_id INTEGER NOT NULL REFERENCES pages(id) ON DELETE CASCADE,
    day     INTEGER NOT NULL,  -- unix seconds of the UTC midnight starting the day
    views   INTEGER NOT NULL,
    PRIMARY KEY (page_id, day)
) WITHOUT ROWID;
