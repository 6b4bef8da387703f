-- A product's image, shown beside its name on the checkout page (an https URL; NULL: none).
ALTER TABLE products ADD COLUMN image_url TEXT;
