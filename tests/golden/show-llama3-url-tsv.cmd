show --format tsv --depth 1 https://huggingface.co/meta-llama/Meta-Llama-3-8B/ fixtures/hub-listing-2024-07
