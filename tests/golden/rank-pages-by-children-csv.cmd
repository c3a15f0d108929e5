rank --format csv --limit 10 --by children fixtures/hub-listing-2024-07
