audit --min conflict --format tsv fixtures/hub-listing-2024-07
