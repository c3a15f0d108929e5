show --format tsv no-such/model fixtures/hub-listing-2024-07
