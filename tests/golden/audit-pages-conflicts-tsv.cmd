audit --min conflict --format tsv --fail-on conflict fixtures/hub-listing-2024-07
