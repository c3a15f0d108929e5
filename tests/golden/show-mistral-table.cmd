show --format table --depth 1 mistralai/mistral-7b-v0.1 fixtures/hub-listing-2024-07
