rank --format table --limit 10 fixtures/model-info
