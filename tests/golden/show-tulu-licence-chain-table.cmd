show --format table --depth 1 allenai/tulu-v2.5-13b-uf-rm fixtures/hub-listing-2024-07
