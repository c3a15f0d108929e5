rank --format tsv --limit 25 fixtures/hub-listing-2024-07
