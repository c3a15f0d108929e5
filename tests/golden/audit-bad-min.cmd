audit --min fatal fixtures/hub-listing-2024-07
