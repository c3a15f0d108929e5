rank --format tsv --limit 10 --threads 1 fixtures/hub-listing-2024-07/models_page1_07-11-2024.json.gz -
