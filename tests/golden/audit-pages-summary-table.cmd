audit --summary --format table fixtures/hub-listing-2024-07
