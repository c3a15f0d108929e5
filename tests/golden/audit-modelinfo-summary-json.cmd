audit --summary --format json fixtures/model-info
