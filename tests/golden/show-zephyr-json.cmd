show --format json --depth 2 HuggingFaceH4/zephyr-7b-beta fixtures/hub-listing-2024-07
