audit --min conflict --format csv --fail-on conflict fixtures/hub-listing-2024-07/models_page1_07-11-2024.json.gz
