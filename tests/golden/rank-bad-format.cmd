rank --format yaml fixtures/hub-listing-2024-07
