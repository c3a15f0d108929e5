rank --format json --limit 5 --by descendant_downloads fixtures/hub-listing-2024-07
