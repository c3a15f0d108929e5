rank --limit -3 fixtures/hub-listing-2024-07
