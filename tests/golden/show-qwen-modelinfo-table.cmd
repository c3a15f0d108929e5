show --format table --depth 0 Qwen/Qwen1.5-7B fixtures/model-info
