#!/usr/bin/python3
"""Generate a Hub-shaped model listing for lineage benchmarks.

Usage:
  gen_hub.py [--seed S] [--plain] [--stats FILE] N OUT   Hub-shaped, N models
  gen_hub.py --shape chain N OUT     m0 <- m1 <- ... (each the finetune of the last)
  gen_hub.py --shape star N OUT      one base with N-1 direct children

Output: JSON lines, one listing item per line, gzip-compressed unless --plain,
written to a temporary file in OUT's directory and renamed into place, so an
interrupted run never leaves a truncated file.  The same arguments always give
the same bytes (one seeded random.Random, no clock, a gzip header without name
or time).  Memory is O(N) small integers (array module): a model's id, tags
and dates are recomputed from its integers when needed, never stored.

Why: gen_listing.py copies the 50 real pages into thousands of small,
isomorphic families, which hid lineage's scaling problems.  This generator has
the Hub's heavy-tailed shape instead: a few families of 10^4-10^5 models, a
long tail, and a million singletons.

THE MODEL (each share is a constant below)

* Models arrive in date order.  createdAt grows exponentially (GROWTH) from
  2022-03 to 2025-10; the oldest PLACEHOLDER_SHARE (8 %) carry the Hub's
  placeholder 2022-03-02T23:29:04.000Z, which every model predating it got.
  lastModified >= createdAt.  Parents are always listed before children.
* VENDOR_BASES: ~100 real base models (Llama, Qwen, Mistral, SD, FLUX, Gemma,
  BERT, Whisper, ...; the top N/VENDOR_EVERY below 200k models), listed at
  their release date with their vendors'
  licences (llama3, apache-2.0, other + tongyi-qianwen, gemma,
  creativeml-openrail-m, ...), ranked by popularity: weight 1/rank^ZIPF_S.
* Any other model is a child with probability P_CHILD, else a new root.
  A child's first parent is, with probability VENDOR_SHARE, in a vendor
  family (base drawn by weight): the base itself (P_BASE) or a uniformly
  drawn fertile member of its family, so trees are mostly 1-3 deep, some 6,
  a few 10-20.  Otherwise the parent is any earlier fertile model, drawn
  uniformly (so a family grows with its size: a Yule process, heavy-tailed),
  or, with P_DANGLING, a model that has no record (an external node).
  Fertile = roots, finetunes, merges: quantisations and adapters stay leaves.
* The relation depends on the parent's pool (RELATION_MIX): language models
  are mostly quantised, image models get LoRA adapters, the others finetunes.
  The real fixtures (the top 50,000 models by downloads, July 2024) have by
  edge quantized 53 %, merge 25 %, finetune 15 %, adapter 7 %, all inferred;
  being the most downloaded, they over-represent quantisations, so the mix
  here is softer (see the figures below).  Merges have 2-4 parents
  (MERGE_PARENTS): from the first parent's vendor family, from another base
  of its vendor line (Llama-2 + Llama-3: what joins a line into one big
  family), or from a family of at most SMALL_FAMILY models elsewhere (never
  two big ones: that would melt all vendor lines into one giant).
* Lineage is written the way the Hub writes it.  Children created from
  REL_TAGS_SINCE (2024-11) carry base_model:ID and base_model:REL:ID tags;
  older ones base_model:ID only, and lineage infers the relation from the
  hints the records always carry (gguf/gptq/awq/4-bit tags for quantized,
  peft/lora for adapters, several parents for merges).  P_BOTH of the
  children also list the parents in cardData.base_model; P_CARD_ONLY list
  them only there (the Hub makes no tag of an id it cannot resolve), with
  cardData.base_model_relation (P_CARD_RELATION) from REL_TAGS_SINCE on.
* Ids are ORG/STEM-TWEAK-TOKEN: STEM is the vendor base's name or the
  family's word pair, TWEAK says the kind (GGUF, lora, slerp, sft, ...),
  TOKEN is the model number in base 36, so ids are unique.  Vendor orgs
  publish only their bases; quantiser accounts (mradermacher-, TheBloke-
  style, Zipf) publish QUANTIZER_SHARE of the quantisations; everything else
  comes from N/5 user accounts drawn by a power law (a few publish
  thousands).
* Licences of roots follow the OSI study of the Hub (ROOT_LICENCES: none
  58.72 %, apache-2.0 23.40 %, mit 5.41 %, other 4.06 % (some with a
  cardData.license_name: tongyi-qianwen, qwen, deepseek, llama3, flux-1-dev-
  non-commercial-license, custom names), llama2..llama3.3 3.29 %, cc-by-4.0
  1.14 %, then a tail).  A child declares none with P_CHILD_NO_LICENCE, else
  keeps its first parent's (P_KEEP_LICENCE) or draws another: ~20 % of the
  edges where both sides declare one change it.
* Downloads and likes are heavy-tailed (many zeros, vendor bases in the
  millions).  Gated vendor bases and P_GATED of the rest carry "gated".
  Record sizes follow the fixtures plus author and lastModified (~530 bytes;
  records with lineage carry more tags, and cardData when they have one).

THE MESS (each counted in --stats): parent ids in URL form
(https://huggingface.co/X, hf.co/X, X/, ...: P_URL of card-only references),
case-shifted parent ids (P_CASE of all references), dangling parents (5-8 %
of the referenced parents), self-loops (P_SELF_LOOP per model), cycles of 2-3
models (P_CYCLE), cardData.base_model "None" (P_NONE_BASE), and duplicate
records of an id, the later one with newer counts (P_DUPLICATE).

--stats FILE writes the ground truth as name<TAB>value lines.  Families come
from a union-find over the generated edges; every reference, however messy,
is checked to canonicalise (lineage's id rules) to its parent's id, so case
and URL variants join as they do in lineage.

MEASURED (seed 1, N = 2,500,000, CPython 3.11, one core): 120 s, 108 MB RSS,
1.41 GB of JSON (566 bytes a record), 215 MB gzipped.  45.5 % of the models
have a parent.  1,325,670 families: the largest 164,350 (the Llama line),
then 82,567, 64,452, 62,357, 49,932 (SD, Mistral, Qwen, BERT lines), 40 over
1,000, and 96.8 % of 1-3 models.  Children at depth 1 / 2 / 3 / 4-6 / 7+:
66.7 / 15.7 / 6.9 / 7.2 / 3.4 %, deepest 20.  1,298,590 edges: quantized
41.6 %, finetune 25.8 %, merge 21.7 %, adapter 11.0 %; the relation from a
tag 46.5 %, from the card 1.2 %, inferred 52.3 %.  6.9 % of the referenced
parents are external; 19.0 % of the edges where both sides declare a licence
change it.  At N = 200,000: 10 s, 105,981 families, the largest 13,122.
lineage reads the output with exactly these counts (models, externals,
edges, families, self-loops, cycles, duplicates, edges by relation).
"""

import argparse
import array
import bisect
import calendar
import gzip
import json
import math
import os
import random
import signal
import sys
import tempfile
import time

# --- Shares (tuned so the --stats figures meet the targets) -----------------

P_CHILD = 0.455            # a regular model is a child (else a new root)
VENDOR_SHARE = 0.50        # a child attaches to a vendor family
ZIPF_S = 1.1               # vendor base weight: 1 / rank^ZIPF_S
VENDOR_EVERY = 2000        # the top N/2000 vendor bases are used (all from 200k)
P_BASE = 0.65              # within a vendor family: the base itself
P_DANGLING = 0.068         # a non-vendor child's parent is unlisted
MERGE_PARENTS = ((2, 0.72), (3, 0.20), (4, 0.08))
P_MERGE_SAME_FAMILY = 0.80  # a merge partner from the first parent's family
P_MERGE_SAME_LINE = 0.12    # ... from another base of its vendor line
SMALL_FAMILY = 20           # else a partner from a family at most this big
P_BOTH = 0.10              # lineage in tags and in cardData
P_CARD_ONLY = 0.04         # lineage only in cardData
P_CARD_RELATION = 0.6      # a card-only record (REL era) names its relation
P_CARD_EXTRA = 0.03        # records with cardData for no lineage reason
QUANTIZER_SHARE = 0.30     # quantisations published by quantiser accounts
P_CHILD_NO_LICENCE = 0.35
P_KEEP_LICENCE = 0.80
P_CASE = 0.015             # a parent reference is case-shifted
P_URL = 0.30               # a card-only reference is in URL form
P_SELF_LOOP = 3e-4
P_CYCLE = 3e-5
P_NONE_BASE = 5e-6
P_DUPLICATE = 1e-5
P_GATED = 0.005

PLACEHOLDER = "2022-03-02T23:29:04.000Z"
T_PLACEHOLDER = 1646263744            # that instant
T_EPOCH = 1514764800                  # 2018-01-01: oldest vendor dates
T_END = 1761955199                    # 2025-10-31T23:59:59Z
REL_TAGS_SINCE = 1730419200           # 2024-11-01
PLACEHOLDER_SHARE = 0.08
GROWTH = 2.3                          # models grow as exp(GROWTH * time)
PROGRESS_EVERY = 250_000

# --- Vendor bases, most popular first (Zipf rank) ----------------------------
# (id, line, release date, licence key, profile, architecture, gated)

VENDOR_BASES = (
    ("meta-llama/Meta-Llama-3-8B-Instruct", "llama", "2024-04-17", "llama3", "llm", "llama", "manual"),
    ("Qwen/Qwen2.5-7B-Instruct", "qwen", "2024-09-16", "apache-2.0", "llm", "qwen2", None),
    ("mistralai/Mistral-7B-v0.1", "mistral", "2023-09-20", "apache-2.0", "llm", "mistral", None),
    ("stabilityai/stable-diffusion-xl-base-1.0", "sd", "2023-07-25", "openrail++", "sdxl", "sdxl", None),
    ("meta-llama/Llama-3.1-8B-Instruct", "llama", "2024-07-18", "llama3.1", "llm", "llama", "manual"),
    ("black-forest-labs/FLUX.1-dev", "flux", "2024-07-31", "other:flux-1-dev-non-commercial-license", "flux", "flux", "auto"),
    ("meta-llama/Llama-2-7b-hf", "llama", "2023-07-13", "llama2", "llm", "llama", "manual"),
    ("runwayml/stable-diffusion-v1-5", "sd", "2022-10-19", "creativeml-openrail-m", "sd", "sd", None),
    ("Qwen/Qwen2-7B-Instruct", "qwen", "2024-06-04", "apache-2.0", "llm", "qwen2", None),
    ("mistralai/Mistral-7B-Instruct-v0.2", "mistral", "2023-12-11", "apache-2.0", "llm", "mistral", None),
    ("meta-llama/Meta-Llama-3-8B", "llama", "2024-04-17", "llama3", "llm", "llama", "manual"),
    ("openai/whisper-small", "whisper", "2022-09-26", "apache-2.0", "asr", "whisper", None),
    ("google/gemma-2-9b-it", "gemma", "2024-06-24", "gemma", "llm", "gemma2", "manual"),
    ("meta-llama/Llama-3.2-1B-Instruct", "llama", "2024-09-18", "llama3.2", "llm", "llama", "manual"),
    ("Qwen/Qwen2.5-0.5B-Instruct", "qwen", "2024-09-16", "apache-2.0", "llm", "qwen2", None),
    ("microsoft/Phi-3-mini-4k-instruct", "phi", "2024-04-22", "mit", "llm", "phi3", None),
    ("google-bert/bert-base-uncased", "bert", "2018-11-14", "apache-2.0", "encoder", "bert", None),
    ("FacebookAI/roberta-base", "roberta", "2019-08-05", "mit", "encoder", "roberta", None),
    ("meta-llama/Llama-2-7b-chat-hf", "llama", "2023-07-13", "llama2", "llm", "llama", "manual"),
    ("Qwen/Qwen2.5-1.5B-Instruct", "qwen", "2024-09-16", "apache-2.0", "llm", "qwen2", None),
    ("mistralai/Mistral-Nemo-Instruct-2407", "mistral", "2024-07-17", "apache-2.0", "llm", "mistral", None),
    ("deepseek-ai/DeepSeek-R1-Distill-Qwen-7B", "qwen", "2025-01-20", "mit", "llm", "qwen2", None),
    ("google/gemma-2-2b-it", "gemma", "2024-07-16", "gemma", "llm", "gemma2", "manual"),
    ("openai-community/gpt2", "gpt2", "2019-02-14", "mit", "llm", "gpt2", None),
    ("google-t5/t5-small", "t5", "2019-10-23", "apache-2.0", "seq2seq", "t5", None),
    ("meta-llama/Llama-3.2-3B-Instruct", "llama", "2024-09-18", "llama3.2", "llm", "llama", "manual"),
    ("Qwen/Qwen3-8B", "qwen", "2025-04-29", "apache-2.0", "llm", "qwen3", None),
    ("stabilityai/stable-diffusion-2-1", "sd", "2022-12-06", "openrail++", "sd", "sd", None),
    ("CompVis/stable-diffusion-v1-4", "sd", "2022-08-10", "creativeml-openrail-m", "sd", "sd", None),
    ("distilbert/distilbert-base-uncased", "bert", "2019-10-02", "apache-2.0", "encoder", "distilbert", None),
    ("mistralai/Mistral-7B-Instruct-v0.3", "mistral", "2024-05-22", "apache-2.0", "llm", "mistral", None),
    ("TinyLlama/TinyLlama-1.1B-Chat-v1.0", "tinyllama", "2023-12-30", "apache-2.0", "llm", "llama", None),
    ("meta-llama/Llama-3.3-70B-Instruct", "llama", "2024-11-26", "llama3.3", "llm", "llama", "manual"),
    ("facebook/wav2vec2-base", "wav2vec2", "2020-06-15", "apache-2.0", "asr", "wav2vec2", None),
    ("google/vit-base-patch16-224", "vit", "2021-03-24", "apache-2.0", "vision", "vit", None),
    ("microsoft/deberta-v3-base", "deberta", "2021-11-18", "mit", "encoder", "deberta-v2", None),
    ("sentence-transformers/all-MiniLM-L6-v2", "minilm", "2021-08-30", "apache-2.0", "embed", "bert", None),
    ("Qwen/Qwen2.5-14B-Instruct", "qwen", "2024-09-16", "apache-2.0", "llm", "qwen2", None),
    ("Qwen/Qwen2.5-Coder-7B-Instruct", "qwen", "2024-09-18", "apache-2.0", "llm", "qwen2", None),
    ("meta-llama/Meta-Llama-3-70B-Instruct", "llama", "2024-04-17", "llama3", "llm", "llama", "manual"),
    ("google/gemma-7b", "gemma", "2024-02-21", "gemma", "llm", "gemma", "manual"),
    ("mistralai/Mixtral-8x7B-Instruct-v0.1", "mistral", "2023-12-10", "apache-2.0", "llm", "mixtral", None),
    ("microsoft/phi-2", "phi", "2023-12-13", "mit", "llm", "phi", None),
    ("Qwen/Qwen2-VL-7B-Instruct", "qwen", "2024-08-28", "apache-2.0", "vlm", "qwen2_vl", None),
    ("black-forest-labs/FLUX.1-schnell", "flux", "2024-07-31", "apache-2.0", "flux", "flux", None),
    ("stabilityai/stable-diffusion-3-medium", "sd", "2024-06-12", "other:stabilityai-ai-community", "sdxl", "sd3", "auto"),
    ("facebook/bart-large", "bart", "2020-03-02", "apache-2.0", "seq2seq", "bart", None),
    ("FacebookAI/xlm-roberta-base", "roberta", "2019-11-05", "mit", "encoder", "xlm-roberta", None),
    ("google/flan-t5-base", "t5", "2022-10-21", "apache-2.0", "seq2seq", "t5", None),
    ("EleutherAI/pythia-160m", "pythia", "2023-02-08", "apache-2.0", "llm", "gpt_neox", None),
    ("tiiuae/falcon-7b", "falcon", "2023-04-24", "apache-2.0", "llm", "falcon", None),
    ("bigscience/bloom-560m", "bloom", "2022-05-19", "bigscience-bloom-rail-1.0", "llm", "bloom", None),
    ("openai/whisper-large-v3", "whisper", "2023-11-07", "apache-2.0", "asr", "whisper", None),
    ("deepseek-ai/deepseek-coder-6.7b-instruct", "deepseek", "2023-10-29", "other:deepseek", "llm", "llama", None),
    ("Qwen/Qwen1.5-7B-Chat", "qwen", "2024-01-30", "other:tongyi-qianwen", "llm", "qwen2", None),
    ("Qwen/Qwen-7B-Chat", "qwen", "2023-08-03", "other:tongyi-qianwen", "llm", "qwen", None),
    ("Qwen/Qwen2.5-72B-Instruct", "qwen", "2024-09-16", "other:qwen", "llm", "qwen2", None),
    ("google/gemma-3-4b-it", "gemma", "2025-03-12", "gemma", "vlm", "gemma3", "manual"),
    ("microsoft/phi-4", "phi", "2024-12-11", "mit", "llm", "phi3", None),
    ("HuggingFaceTB/SmolLM2-1.7B-Instruct", "smollm", "2024-10-31", "apache-2.0", "llm", "llama", None),
    ("deepseek-ai/DeepSeek-V3", "deepseek", "2024-12-25", "other:deepseek", "llm", "deepseek_v3", None),
    ("meta-llama/Llama-2-13b-chat-hf", "llama", "2023-07-13", "llama2", "llm", "llama", "manual"),
    ("codellama/CodeLlama-7b-hf", "llama", "2023-08-24", "llama2", "llm", "llama", None),
    ("01-ai/Yi-6B", "yi", "2023-11-01", "other:yi-license", "llm", "llama", None),
    ("THUDM/chatglm3-6b", "glm", "2023-10-25", "other:chatglm3-6b-license", "llm", "chatglm", None),
    ("stabilityai/stablelm-2-1_6b", "stablelm", "2024-01-18", "other:stabilityai-non-commercial-research-community-license", "llm", "stablelm", None),
    ("microsoft/resnet-50", "resnet", "2022-03-16", "apache-2.0", "vision", "resnet", None),
    ("google/mt5-small", "t5", "2020-10-22", "apache-2.0", "seq2seq", "mt5", None),
    ("openai/clip-vit-base-patch32", "clip", "2021-01-05", "", "vision", "clip", None),
    ("facebook/opt-125m", "opt", "2022-05-11", "other", "llm", "opt", None),
    ("EleutherAI/gpt-neo-125m", "gptneo", "2021-03-21", "mit", "llm", "gpt_neo", None),
    ("google/gemma-2b", "gemma", "2024-02-08", "gemma", "llm", "gemma", "manual"),
    ("allenai/OLMo-7B", "olmo", "2024-02-01", "apache-2.0", "llm", "olmo", None),
    ("ibm-granite/granite-3.1-8b-instruct", "granite", "2024-12-18", "apache-2.0", "llm", "granite", None),
    ("Salesforce/blip-image-captioning-base", "blip", "2022-12-12", "bsd-3-clause", "vision", "blip", None),
    ("Helsinki-NLP/opus-mt-en-de", "marian", "2020-05-14", "cc-by-4.0", "seq2seq", "marian", None),
    ("facebook/nllb-200-distilled-600M", "nllb", "2022-07-08", "cc-by-nc-4.0", "seq2seq", "m2m_100", None),
    ("google/siglip-so400m-patch14-384", "siglip", "2024-01-08", "apache-2.0", "vision", "siglip", None),
    ("meta-llama/Llama-3.2-11B-Vision-Instruct", "llama", "2024-09-18", "llama3.2", "vlm", "mllama", "manual"),
    ("Qwen/Qwen2.5-VL-7B-Instruct", "qwen", "2025-01-26", "apache-2.0", "vlm", "qwen2_5_vl", None),
    ("Qwen/Qwen3-4B", "qwen", "2025-04-29", "apache-2.0", "llm", "qwen3", None),
    ("mistralai/Mistral-Small-24B-Instruct-2501", "mistral", "2025-01-28", "apache-2.0", "llm", "mistral", None),
    ("google/gemma-3-27b-it", "gemma", "2025-03-12", "gemma", "vlm", "gemma3", "manual"),
    ("deepseek-ai/DeepSeek-R1-Distill-Llama-8B", "llama", "2025-01-20", "mit", "llm", "llama", None),
    ("microsoft/Phi-3.5-mini-instruct", "phi", "2024-08-16", "mit", "llm", "phi3", None),
    ("openai/whisper-tiny", "whisper", "2022-09-26", "apache-2.0", "asr", "whisper", None),
    ("facebook/wav2vec2-xls-r-300m", "wav2vec2", "2021-11-16", "apache-2.0", "asr", "wav2vec2", None),
    ("BAAI/bge-m3", "bge", "2024-01-27", "mit", "embed", "xlm-roberta", None),
    ("sentence-transformers/all-mpnet-base-v2", "mpnet", "2021-08-30", "apache-2.0", "embed", "mpnet", None),
    ("microsoft/layoutlmv3-base", "layoutlm", "2022-04-18", "cc-by-nc-sa-4.0", "encoder", "layoutlmv3", None),
    ("google/electra-base-discriminator", "electra", "2020-03-24", "apache-2.0", "encoder", "electra", None),
    ("albert/albert-base-v2", "albert", "2019-12-20", "apache-2.0", "encoder", "albert", None),
    ("Lykon/dreamshaper-8", "sd", "2023-07-16", "creativeml-openrail-m", "sd", "sd", None),
    ("stabilityai/sdxl-turbo", "sd", "2023-11-27", "other:sai-nc-community", "sdxl", "sdxl", None),
    ("lllyasviel/control_v11p_sd15_canny", "sd", "2023-04-14", "openrail", "sd", "controlnet", None),
    ("Wan-AI/Wan2.1-T2V-14B", "wan", "2025-02-25", "apache-2.0", "video", "wan", None),
    ("tencent/HunyuanVideo", "hunyuan", "2024-12-03", "other:tencent-hunyuan-community", "video", "hunyuan", None),
    ("ultralytics/yolov8", "yolo", "2023-01-10", "agpl-3.0", "vision", "yolov8", None),
    ("nvidia/parakeet-tdt-0.6b-v2", "parakeet", "2025-05-01", "cc-by-4.0", "asr", "fastconformer", None),
    ("HuggingFaceTB/SmolVLM-Instruct", "smollm", "2024-11-26", "apache-2.0", "vlm", "idefics3", None),
    ("answerdotai/ModernBERT-base", "modernbert", "2024-12-19", "apache-2.0", "encoder", "modernbert", None),
)

QUANTIZERS = (
    "mradermacher", "bartowski", "TheBloke", "QuantFactory", "RichardErkhov",
    "MaziyarPanahi", "LoneStriker", "unsloth", "second-state", "Triangle104",
    "NikolayKozloff", "DevQuasar", "lmstudio-community", "legraphista", "afrideva",
    "TheBlokeAI", "featherless-ai-quants", "tensorblock", "mlx-community", "s3nh",
)

# --- Licences ------------------------------------------------------------------
# A licence key is a Hub licence id, "other:NAME" (license: other with a
# license_name), or "" for none.  Root weights: the OSI study, in percent.

ROOT_LICENCES = (
    ("", 58.72), ("apache-2.0", 23.40), ("mit", 5.41),
    ("other", 1.80), ("other:tongyi-qianwen", 0.30), ("other:qwen", 0.30),
    ("other:deepseek", 0.25), ("other:llama3", 0.30),
    ("other:flux-1-dev-non-commercial-license", 0.30), ("other:research-only", 0.25),
    ("other:faipl-1.0-sd", 0.20), ("other:my-custom-license", 0.15),
    ("other:bespoke-lora-trained-license", 0.21),
    ("llama2", 1.30), ("llama3", 0.90), ("llama3.1", 0.60), ("llama3.2", 0.30),
    ("llama3.3", 0.19),
    ("cc-by-4.0", 1.14),
    ("cc-by-nc-4.0", 1.20), ("creativeml-openrail-m", 0.50), ("gemma", 0.40),
    ("cc-by-sa-4.0", 0.35), ("openrail", 0.35), ("cc-by-nc-sa-4.0", 0.25),
    ("openrail++", 0.20), ("gpl-3.0", 0.20), ("bigscience-openrail-m", 0.10),
    ("cc-by-nc-nd-4.0", 0.10), ("afl-3.0", 0.10), ("bsd-3-clause", 0.08),
    ("agpl-3.0", 0.05), ("unlicense", 0.05), ("wtfpl", 0.05),
)

# --- Tag vocabularies ----------------------------------------------------------

LANGS = ("zh", "fr", "de", "es", "ja", "ko", "ru", "pt", "it", "ar", "hi", "vi",
         "tr", "id", "nl", "pl", "sv", "fa", "uk", "th")
DATASETS = (
    "HuggingFaceH4/ultrachat_200k", "teknium/OpenHermes-2.5", "Open-Orca/SlimOrca",
    "yahma/alpaca-cleaned", "imdb", "squad", "glue", "mozilla-foundation/common_voice_11_0",
    "imagenet-1k", "wikipedia", "allenai/c4", "openai/gsm8k", "HuggingFaceFW/fineweb-edu",
    "cognitivecomputations/dolphin", "argilla/distilabel-intel-orca-dpo-pairs",
    "jondurbin/airoboros-3.2", "meta-math/MetaMathQA", "garage-bAInd/Open-Platypus",
    "tatsu-lab/alpaca", "conll2003", "emotion", "librispeech_asr", "cifar10", "samsum",
    "cnn_dailymail", "xsum", "wikitext", "bookcorpus", "Anthropic/hh-rlhf",
    "HuggingFaceH4/ultrafeedback_binarized", "mlabonne/orpo-dpo-mix-40k", "generator",
)
TOPICS = {
    "llm": ("chat", "instruct", "finetune", "code", "math", "roleplay", "uncensored",
            "dpo", "sft", "orpo", "unsloth", "trl", "axolotl", "chatml", "medical",
            "llama-3", "reasoning", "rlhf", "storywriting", "multilingual",
            "not-for-all-audiences", "custom_code", "function-calling", "agent"),
    "image": ("anime", "photorealistic", "realistic", "portrait", "style", "art",
              "character", "landscape", "pony", "cartoon", "3d", "concept",
              "illustration", "not-for-all-audiences", "sdxl", "flux"),
    "other": ("generated_from_trainer", "model-index", "sentiment", "ner", "medical",
              "legal", "finance", "biology", "speech", "audio", "vision", "multilingual",
              "hf-asr-leaderboard", "mteb", "nlp", "classification"),
}

# Profiles: (library_name, pipeline_tag, pool, architectures of new roots,
# weight among new roots).  The pool picks topic tags and the relation mix.
PROFILES = {
    "llm":     ("transformers", "text-generation", "llm", ("llama", "mistral", "qwen2", "gemma2", "phi3", "gpt2", "falcon", "gpt_neox", "qwen3", "mixtral"), 0.34),
    "sd":      ("diffusers", "text-to-image", "image", ("sd",), 0.08),
    "sdxl":    ("diffusers", "text-to-image", "image", ("sdxl",), 0.04),
    "flux":    ("diffusers", "text-to-image", "image", ("flux",), 0.02),
    "encoder": ("transformers", "text-classification", "other", ("bert", "roberta", "distilbert", "deberta-v2", "xlm-roberta", "electra"), 0.13),
    "embed":   ("sentence-transformers", "sentence-similarity", "other", ("bert", "mpnet", "xlm-roberta"), 0.05),
    "seq2seq": ("transformers", "text2text-generation", "other", ("t5", "bart", "mt5", "marian"), 0.06),
    "asr":     ("transformers", "automatic-speech-recognition", "other", ("whisper", "wav2vec2"), 0.05),
    "vision":  ("transformers", "image-classification", "other", ("vit", "resnet", "convnext", "swin", "timm"), 0.09),
    "vlm":     ("transformers", "image-text-to-text", "llm", ("llava", "qwen2_vl", "idefics3"), 0.02),
    "video":   ("diffusers", "text-to-video", "image", ("wan",), 0.01),
    "rl":      ("stable-baselines3", "reinforcement-learning", "other", ("ppo", "dqn"), 0.07),
    "misc":    ("", "", "other", ("",), 0.04),
}
PROFILE_NAMES = tuple(PROFILES)
PROFILE_CODE = {p: i for i, p in enumerate(PROFILE_NAMES)}
ARCH_NAMES = tuple(sorted({a for p in PROFILES.values() for a in p[3]} |
                          {v[5] for v in VENDOR_BASES}))
ARCH_CODE = {a: i for i, a in enumerate(ARCH_NAMES)}

# Relations and the kinds of model; fertile kinds can become parents.
FINETUNE, ADAPTER, QUANTIZED, MERGE = 0, 1, 2, 3
RELATIONS = ("finetune", "adapter", "quantized", "merge")
ROOT, VENDOR, GHOST = 4, 5, 6
FERTILE = (True, False, False, True, True, True, True)
# (finetune, adapter, quantized, merge) weights by the first parent's pool
RELATION_MIX = {
    "llm": (0.08, 0.03, 0.72, 0.17),
    "image": (0.22, 0.58, 0.08, 0.12),
    "other": (0.55, 0.07, 0.35, 0.03),
}

# A quantisation's name says its format, and its tags follow it
QUANT_TWEAKS = (("GGUF", "gguf"), ("i1-GGUF", "gguf"), ("Q4_K_M-GGUF", "gguf"),
                ("Q8_0-GGUF", "gguf"), ("GGUF", "gguf"), ("GPTQ", "gptq"), ("AWQ", "awq"),
                ("bnb-4bit", "bitsandbytes"))
QUANT_STYLE = dict(QUANT_TWEAKS)
# Name parts: the TWEAK of STEM-TWEAK-TOKEN, by kind (vendor bases keep their names)
FINETUNE_TWEAKS = (
    "sft", "dpo", "finetuned", "instruct", "chat", "v2", "ft", "orpo", "uncensored",
    "roleplay", "code", "math", "medical", "it", "base-ft", "lr1e-4", "epoch3")
TWEAKS = (
    FINETUNE_TWEAKS,
    ("lora", "qlora", "adapter", "lora-r16", "peft", "style-lora", "dreambooth"),
    tuple(t for t, _ in QUANT_TWEAKS),
    ("merge", "slerp", "ties", "dare-ties", "MoE", "della", "model-stock"),
    ("base", "v1", "model", "small", "large", "tiny", "test", "demo", "v0.1", "mini"),
    (),                 # VENDOR
    FINETUNE_TWEAKS,    # GHOST: an unlisted model, typically a deleted finetune
)
ADJECTIVES = (
    "quiet", "brave", "lunar", "crimson", "swift", "gentle", "neural", "tiny", "deep",
    "open", "silver", "golden", "wild", "clever", "hidden", "cosmic", "frozen", "bright",
    "dark", "rapid", "noble", "sleepy", "lucky", "mystic", "solar", "velvet", "amber",
    "coral", "misty", "iron", "echo", "nova",
)
NOUNS = (
    "falcon", "river", "sage", "otter", "maple", "comet", "raven", "tiger", "lotus",
    "cedar", "harbor", "pixel", "atlas", "ember", "orbit", "quill", "sparrow", "willow",
    "canyon", "glacier", "meadow", "prism", "summit", "tundra", "zephyr", "beacon",
    "cipher", "dune", "fjord", "grove", "mosaic", "nebula", "bert", "gpt", "llama",
    "whisper", "vit", "t5", "diffusion", "agent", "coder", "writer", "tagger",
    "classifier", "ner", "sentiment", "qa", "summarizer",
)
# 100 consonant-vowel pairs: no vendor or quantiser org is spelt with these alone
SYLLABLES = tuple(c + v for c in "bcdfghjklmnprstvwxyz" for v in "aeiou")
URL_FORMS = ("https://huggingface.co/{}", "hf.co/{}", "{}/", "https://hf.co/{}",
             "huggingface.co/{}", "http://huggingface.co/{}/", " {} ")
CANON_PREFIXES = ("https://huggingface.co/", "http://huggingface.co/",
                  "huggingface.co/", "https://hf.co/", "hf.co/")
ASCII_WS = " \t\n\v\f\r"
MASK64 = (1 << 64) - 1


def canonical(ref):
    """lineage's id rule: trim, drop a Hub URL prefix and trailing '/', fold case."""
    s = ref.strip(ASCII_WS)
    for prefix in CANON_PREFIXES:
        if s.lower().startswith(prefix):
            s = s[len(prefix):]
            break
    return s.rstrip(ASCII_WS + "/").lower()


def base36(n):
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = digits[r] + out
        if not n:
            return out


def iso(t):
    return time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(t))


def parse_date(day):
    return calendar.timegm(time.strptime(day + " 12", "%Y-%m-%d %H"))


class Weighted:
    """Draws items by weight with one random number (cumulative + bisect)."""

    def __init__(self, pairs):
        self.items = [item for item, _ in pairs]
        self.cum = []
        total = 0.0
        for _, weight in pairs:
            total += weight
            self.cum.append(total)

    def pick(self, u):
        """u in [0, 1)."""
        return self.items[bisect.bisect_right(self.cum, u * self.cum[-1])]


LICENCE_PICK = Weighted(ROOT_LICENCES)
DECLARED_LICENCE_PICK = Weighted([p for p in ROOT_LICENCES if p[0]])
LICENCE_KEYS = tuple(k for k, _ in ROOT_LICENCES) + tuple(
    sorted({v[3] for v in VENDOR_BASES} - {k for k, _ in ROOT_LICENCES}))
LICENCE_CODE = {k: i for i, k in enumerate(LICENCE_KEYS)}
ROOT_PROFILE_PICK = Weighted([(PROFILE_CODE[p], v[4]) for p, v in PROFILES.items()])
MERGE_PARENTS_PICK = Weighted(MERGE_PARENTS)
RELATION_PICK = {pool: Weighted(list(zip(range(4), w))) for pool, w in RELATION_MIX.items()}


class Stats:
    """Counters of what was generated: the ground truth for --stats."""

    def __init__(self):
        self.count = dict.fromkeys((
            "records", "duplicate_records", "edges", "models_with_parent",
            "lineage_tags_only", "lineage_card_only", "lineage_both",
            "parent_refs_url_form", "parent_refs_case_shifted", "self_loops",
            "cycles", "cycle_models", "base_model_none", "placeholder_dates",
            "gated", "card_records", "licence_edges_both_declare",
            "licence_edges_changed", "bytes"), 0)
        self.edges = [0, 0, 0, 0]
        self.sources = {"tag": 0, "card": 0, "inferred": 0}
        self.merge_parents = {}
        self.licences = {}
        self.root_licences = {}

    def add(self, name, n=1):
        self.count[name] += n


class Hub:
    """The growing graph: one slot per model (listed or not) as small ints."""

    def __init__(self, n, seed):
        self.rng = random.Random(seed)
        self.salt = (seed * 0x2545F4914F6CDD1D + 0x1234567) & MASK64
        self.kind = array.array("b")
        self.org = array.array("i")
        self.stem = array.array("i")     # vendor index, or len(VENDOR_BASES) + word pair
        self.prof = array.array("b")
        self.arch = array.array("h")
        self.lic = array.array("B")
        self.vend = array.array("h")     # vendor family, -1 for none
        self.depth = array.array("B")
        self.uf = array.array("i")       # union-find parent
        self.size = array.array("i")     # family size at union-find roots
        self.flags = bytearray()         # 1 listed, 2 referenced as a parent
        self.fertile = array.array("i")
        self.members = [array.array("i") for _ in VENDOR_BASES]
        self.vendor_slot = array.array("i", [-1] * len(VENDOR_BASES))
        self.vendor_cum = []             # Zipf weights of released vendors
        self.vendor_released = []
        self.line_released = {}          # vendor line -> released vendors
        in_use = min(len(VENDOR_BASES), max(3, n // VENDOR_EVERY))
        self.vendor_due = sorted((vendor_position(v) * n, v) for v in range(in_use))
        self.users = max(100, n // 5)
        self.quantizer_pick = Weighted([(i, 1 / (i + 1)) for i in range(len(QUANTIZERS))])
        self.org_code = {}  # vendor and quantiser orgs; user orgs come after
        for name in [v[0].split("/")[0] for v in VENDOR_BASES] + list(QUANTIZERS):
            self.org_code.setdefault(name, len(self.org_code))
        self.org_names = list(self.org_code)

    # --- slots and names

    def new_slot(self, kind, org, stem, prof, arch, lic, vend, listed):
        i = len(self.kind)
        self.kind.append(kind)
        self.org.append(org)
        self.stem.append(stem)
        self.prof.append(prof)
        self.arch.append(arch)
        self.lic.append(lic)
        self.vend.append(vend)
        self.depth.append(0)
        self.uf.append(i)
        self.size.append(1)
        self.flags.append(1 if listed else 0)
        if FERTILE[kind]:
            self.fertile.append(i)
            if vend >= 0:
                self.members[vend].append(i)
        return i

    def org_name(self, code):
        if code < len(self.org_names):
            return self.org_names[code]
        return user_name(code - len(self.org_names))

    def mix(self, i):
        return ((i * 0x9E3779B97F4A7C15 + self.salt) & MASK64)

    def model_id(self, i):
        kind, stem = self.kind[i], self.stem[i]
        if kind == VENDOR:
            return VENDOR_BASES[stem][0]
        if stem < len(VENDOR_BASES):
            base = VENDOR_BASES[stem][0].split("/")[1]
        else:
            w = stem - len(VENDOR_BASES)
            base = ADJECTIVES[w % len(ADJECTIVES)] + "-" + NOUNS[w // len(ADJECTIVES)]
        return f"{self.org_name(self.org[i])}/{base}-{self.tweak(i)}-{base36(i)}"

    def tweak(self, i):
        tweaks = TWEAKS[self.kind[i]]
        return tweaks[(self.mix(i) >> 40) % len(tweaks)]

    def user_org(self):
        return len(self.org_names) + int(self.users * self.rng.random() ** 2.2)

    def word_stem(self):
        return len(VENDOR_BASES) + self.rng.randrange(len(ADJECTIVES) * len(NOUNS))

    # --- attaching

    def new_vendor(self, v):
        name, line, day, lic, prof, arch, _ = VENDOR_BASES[v]
        i = self.new_slot(VENDOR, self.org_code[name.split("/")[0]], v, PROFILE_CODE[prof],
                          ARCH_CODE[arch], LICENCE_CODE[lic], v, True)
        self.vendor_slot[v] = i
        total = self.vendor_cum[-1] if self.vendor_cum else 0.0
        self.vendor_cum.append(total + 1 / (v + 1) ** ZIPF_S)
        self.vendor_released.append(v)
        self.line_released.setdefault(line, []).append(v)
        return i

    def in_vendor_family(self, v):
        members = self.members[v]
        if self.rng.random() < P_BASE or len(members) < 2:
            return self.vendor_slot[v]
        return members[self.rng.randrange(len(members))]

    def first_parent(self):
        rng = self.rng
        if self.vendor_cum and rng.random() < VENDOR_SHARE:
            u = rng.random() * self.vendor_cum[-1]
            v = self.vendor_released[bisect.bisect_right(self.vendor_cum, u)]
            return self.in_vendor_family(v)
        if rng.random() < P_DANGLING or not self.fertile:
            return self.new_ghost()
        return self.fertile[rng.randrange(len(self.fertile))]

    def new_ghost(self):
        prof = ROOT_PROFILE_PICK.pick(self.rng.random())
        arch = ARCH_CODE[random_arch(self.rng, prof)]
        return self.new_slot(GHOST, self.user_org(), self.word_stem(), prof, arch, 0, -1, False)

    def merge_partner(self, first):
        """Another parent for a merge whose first parent is `first`."""
        rng = self.rng
        v = self.vend[first]
        u = rng.random()
        if v >= 0 and u < P_MERGE_SAME_FAMILY:
            return self.in_vendor_family(v)
        if v >= 0 and u < P_MERGE_SAME_FAMILY + P_MERGE_SAME_LINE:
            same = self.line_released[VENDOR_BASES[v][1]]
            return self.in_vendor_family(same[rng.randrange(len(same))])
        for _ in range(8):  # a small family elsewhere
            j = self.fertile[rng.randrange(len(self.fertile))]
            if self.size[find(self.uf, j)] <= SMALL_FAMILY:
                return j
        return first  # none found: parents_of skips it

    def parents_of(self, first, relation):
        parents = [first]
        if relation == MERGE:
            want = MERGE_PARENTS_PICK.pick(self.rng.random())
            for _ in range(4 * want):
                if len(parents) == want:
                    break
                p = self.merge_partner(first)
                if p not in parents:
                    parents.append(p)
        return parents

    def link(self, child, parents):
        """Edges child -> parents: families (union-find), depth, references."""
        uf, size = self.uf, self.size
        depth = 0
        for p in parents:
            self.flags[p] |= 2
            depth = max(depth, self.depth[p])
            a, b = find(uf, child), find(uf, p)
            if a != b:
                if size[a] > size[b]:
                    a, b = b, a
                uf[a] = b
                size[b] += size[a]
        self.depth[child] = min(depth + 1, 255)


def find(uf, x):
    while uf[x] != x:
        uf[x] = uf[uf[x]]
        x = uf[x]
    return x


def user_name(u):
    """A unique user name for user number u: syllables, sometimes digits."""
    parts = []
    x = u
    for _ in range(3):
        x, r = divmod(x, 100)
        parts.append(SYLLABLES[r])
    while x:
        x, r = divmod(x, 100)
        parts.append(SYLLABLES[r])
    name = "".join(parts)
    style = (u * 2654435761 >> 5) % 8
    if style == 0:
        return name.capitalize()
    if style == 1:
        return name + str(u % 97)
    if style == 2:
        return name + "-ai"
    return name


def random_arch(rng, prof):
    archs = PROFILES[PROFILE_NAMES[prof]][3]
    return archs[rng.randrange(len(archs))]


def vendor_time(v):
    return parse_date(VENDOR_BASES[v][2])


def vendor_position(v):
    """Where in the listing (0..1) the vendor base appears: its date's share."""
    t = vendor_time(v)
    if t < T_PLACEHOLDER:
        return PLACEHOLDER_SHARE * (t - T_EPOCH) / (T_PLACEHOLDER - T_EPOCH)
    x = (t - T_PLACEHOLDER) / (T_END - T_PLACEHOLDER)
    return PLACEHOLDER_SHARE + (1 - PLACEHOLDER_SHARE) * math.expm1(GROWTH * x) / math.expm1(GROWTH)


def time_at(position):
    """createdAt (epoch seconds) of the model at listing position 0..1; 0 = placeholder."""
    if position < PLACEHOLDER_SHARE:
        return 0
    y = (position - PLACEHOLDER_SHARE) / (1 - PLACEHOLDER_SHARE)
    x = math.log1p(y * math.expm1(GROWTH)) / GROWTH
    return int(T_PLACEHOLDER + x * (T_END - T_PLACEHOLDER))


# --- Records -------------------------------------------------------------------

class Lineage:
    """How one record names its parents."""
    __slots__ = ("parents", "relation", "refs", "form", "rel_tags", "card_relation",
                 "self_ref", "none_base")

    def __init__(self, parents=(), relation=FINETUNE, refs=(), form="tags"):
        self.parents = list(parents)  # slots (graph truth)
        self.relation = relation
        self.refs = list(refs)        # strings as written, self-reference included
        self.form = form              # "tags", "card", "both"
        self.rel_tags = False
        self.card_relation = False
        self.self_ref = False
        self.none_base = False


def extra_tags(rng, pool, head):
    """Topic, language, dataset and arXiv tags (the bulk of a record's bytes)."""
    head += rng.sample(TOPICS[pool], min(int(rng.expovariate(1.0)), 5))
    u = rng.random()
    if u < 0.6:
        head.append("en")
        if u < 0.12:
            head += rng.sample(LANGS, min(1 + int(rng.expovariate(0.7)), 8))
    head += ["dataset:" + d for d in rng.sample(DATASETS, min(int(rng.expovariate(1.8)), 4))]
    for _ in range(int(rng.expovariate(1.5))):
        head.append("arxiv:%02d%02d.%05d" % (rng.randint(18, 25), rng.randint(1, 12),
                                              rng.randrange(1, 20000)))


def tag_layout(rng, prof_name, arch, variant, quant_style):
    """(head tags, tail tags, library_name, pipeline_tag) for a model.

    base_model and license tags go between head and tail.  Only quantised
    models carry quantisation words, only adapters peft/lora: lineage infers
    relations from them."""
    library, pipeline, pool, _, _ = PROFILES[prof_name]
    if variant == QUANTIZED:
        return quant_layout(rng, pool, arch, pipeline, quant_style)
    if variant == ADAPTER:
        return adapter_layout(rng, pool, pipeline)
    head = [library] if library else []
    if pool == "image":
        head += ["safetensors", "stable-diffusion-xl" if arch != "sd" else "stable-diffusion", pipeline]
        tail = ["autotrain_compatible", "endpoints_compatible",
                "diffusers:StableDiffusionXLPipeline" if arch != "sd" else
                "diffusers:StableDiffusionPipeline", "region:us"]
    elif prof_name == "rl":
        head += [arch.upper(), "LunarLander-v2", "deep-reinforcement-learning", pipeline]
        tail = ["region:us"]
    elif prof_name == "misc":
        head += ["tensorboard"] if rng.random() < 0.5 else ["onnx"]
        tail = ["region:us"]
    else:
        head += ["safetensors" if rng.random() < 0.6 else "pytorch", arch, pipeline]
        if variant == MERGE:
            head += ["mergekit", "merge"]
        if pool == "llm" and rng.random() < 0.5:
            head.append("conversational")
        tail = ["autotrain_compatible", "text-generation-inference", "endpoints_compatible",
                "region:us"] if pool == "llm" else ["autotrain_compatible",
                                                    "endpoints_compatible", "region:us"]
    extra_tags(rng, pool, head)
    return head, tail, library or None, pipeline or None


def quant_layout(rng, pool, arch, pipeline, style):
    if style == "gguf":
        head = ["gguf", arch] if arch and rng.random() < 0.5 else ["gguf"]
        if rng.random() < 0.2:
            head += ["llama-cpp", "gguf-my-repo"]
        if pipeline:
            head.append(pipeline)
        tail = ["endpoints_compatible", "region:us"] + (["imatrix", "conversational"]
                                                        if rng.random() < 0.4 else [])
        library = ("gguf", "transformers", None)[rng.randrange(3)]
    else:
        head = [t for t in ("transformers", "safetensors", arch, pipeline) if t]
        tail = ["autotrain_compatible"] + (["text-generation-inference"] if pool == "llm" else []) \
            + ["4-bit", style, "region:us"]
        library = "transformers"
    extra_tags(rng, pool, head)
    return head, tail, library, pipeline or None


def adapter_layout(rng, pool, pipeline):
    if pool == "image":
        head = ["diffusers", pipeline, "stable-diffusion-xl", "lora", "template:sd-lora"]
        library = "diffusers"
    else:
        head = ["peft", "safetensors", "trl", "sft", "generated_from_trainer"]
        library, pipeline = "peft", None
    extra_tags(rng, pool, head)
    return head, ["region:us"], library, pipeline


def licence_fields(key):
    """(tag value, card fields) for a licence key."""
    if key.startswith("other:"):
        return "other", {"license": "other", "license_name": key[6:],
                         "license_link": "LICENSE"}
    return key, {"license": key}


def shifted_case(ref):
    """The same id in another case: Meta-Llama/..., lower, upper."""
    org, _, name = ref.partition("/")
    for candidate in (org.title() + "/" + name, ref.lower(), ref.upper(),
                      org.upper() + "/" + name):
        if candidate != ref:
            return candidate
    return ref


class Writer:
    """Turns a slot and its lineage into a listing item (a dict in Hub order)."""

    def __init__(self, hub, stats):
        self.hub = hub
        self.rng = hub.rng
        self.stats = stats

    def record(self, i, created, lineage, extra_card):
        hub, rng = self.hub, self.rng
        model_id = hub.model_id(i)
        prof_name = PROFILE_NAMES[hub.prof[i]]
        arch = ARCH_NAMES[hub.arch[i]]
        kind = hub.kind[i]
        variant = kind if kind < ROOT else FINETUNE
        style = QUANT_STYLE[hub.tweak(i)] if kind == QUANTIZED else None
        if kind == ROOT and PROFILES[prof_name][2] == "llm" and rng.random() < 0.2:
            variant, style = QUANTIZED, "gguf"  # a quantisation that never named its base
        head, tail, library, pipeline = tag_layout(rng, prof_name, arch, variant, style)
        licence = LICENCE_KEYS[hub.lic[i]]
        card = {}
        if lineage.form != "tags":
            refs = lineage.refs
            card["base_model"] = refs[0] if len(refs) == 1 and rng.random() < 0.8 else refs
            if lineage.card_relation:
                card["base_model_relation"] = RELATIONS[lineage.relation]
        if lineage.form != "card" and lineage.refs:
            head += ["base_model:" + r for r in lineage.refs]
            if lineage.rel_tags:
                rel = RELATIONS[lineage.relation]
                head += ["base_model:%s:%s" % (rel, r) for r in lineage.refs]
        if licence:
            tag, fields = licence_fields(licence)
            head.append("license:" + tag)
            if extra_card or len(fields) > 1 or card:
                if rng.random() < 0.03:
                    fields["license"] = [fields["license"]]
                card.update(fields)
        if card or extra_card:
            if library:
                card["library_name"] = library
            if pipeline:
                card["pipeline_tag"] = pipeline
        tags = list(dict.fromkeys(head + tail))  # a topic may repeat a fixed tag
        return self.item(i, model_id, created, tags, library, pipeline, card,
                         kind == VENDOR)

    def item(self, i, model_id, created, tags, library, pipeline, card, vendor):
        hub, rng, stats = self.hub, self.rng, self.stats
        t = created or T_PLACEHOLDER
        modified = min(T_END, t + int(rng.expovariate(1 / (45 * 86400))))
        out = {"_id": "%08x%016x" % (t, hub.mix(i)), "id": model_id,
               "author": model_id.split("/")[0]}
        gated = VENDOR_BASES[hub.stem[i]][6] if vendor else (
            "auto" if rng.random() < P_GATED else None)
        if gated:
            out["gated"] = gated
            stats.add("gated")
        out["lastModified"] = iso(modified)
        likes, downloads = self.popularity(i, vendor)
        out["likes"] = likes
        out["private"] = False
        out["downloads"] = downloads
        out["tags"] = tags
        if pipeline:
            out["pipeline_tag"] = pipeline
        if library:
            out["library_name"] = library
        out["createdAt"] = iso(created) if created else PLACEHOLDER
        if card:
            out["cardData"] = card
            stats.add("card_records")
        out["modelId"] = model_id
        if not created:
            stats.add("placeholder_dates")
        return out

    def popularity(self, i, vendor):
        rng = self.rng
        if vendor:
            rank = self.hub.stem[i] + 1
            return (int(6000 / rank ** 0.8 * (0.5 + rng.random())),
                    int(8e6 / rank ** 0.9 * (0.5 + rng.random())))
        likes = 0 if rng.random() < 0.62 else min(int(rng.paretovariate(1.2)), 5000)
        downloads = 0 if rng.random() < 0.38 else \
            min(int(4 * (rng.paretovariate(0.8) - 1)), 20_000_000)
        return likes, downloads


# --- Generation ----------------------------------------------------------------

class Generator:
    def __init__(self, n, seed, emit):
        self.n = n
        self.hub = Hub(n, seed)
        self.rng = self.hub.rng
        self.stats = Stats()
        self.writer = Writer(self.hub, self.stats)
        self.emit = emit
        self.listed = 0
        self.pending = []  # (due position, record) of duplicates to write later
        self.start = time.monotonic()

    def run(self):
        hub, rng = self.hub, self.rng
        while self.listed < self.n:
            if hub.vendor_due and hub.vendor_due[0][0] <= self.listed:
                self.vendor(hub.vendor_due.pop(0)[1])
            elif rng.random() < P_CYCLE and self.listed + 3 <= self.n:
                self.cycle()
            else:
                self.model()
            while self.pending and self.pending[0][0] <= self.listed:
                self.write(self.pending.pop(0)[1], duplicate=True)
        for _, record in self.pending:
            self.write(record, duplicate=True)

    def created(self):
        t = time_at(self.listed / self.n)
        if t:
            t = min(T_END, t + int(self.rng.random() * 2 * 86400))
        return t

    def write(self, record, duplicate=False):
        self.stats.add("records")
        if duplicate:
            self.stats.add("duplicate_records")
        self.emit(record)

    def listed_one(self, i, record):
        key = LICENCE_KEYS[self.hub.lic[i]] or "none"
        self.stats.licences[key] = self.stats.licences.get(key, 0) + 1
        self.write(record)
        self.listed += 1
        if self.listed % PROGRESS_EVERY == 0:
            print("gen_hub: %d/%d models, %.1f s" % (self.listed, self.n,
                                                   time.monotonic() - self.start),
                  file=sys.stderr)

    def vendor(self, v):
        hub = self.hub
        i = hub.new_vendor(v)
        self.count_root_licence(i)
        t = vendor_time(v)
        record = self.writer.record(i, t if t >= T_PLACEHOLDER else 0, Lineage(), False)
        self.listed_one(i, record)

    def model(self):
        hub, rng = self.hub, self.rng
        if rng.random() < P_CHILD:
            first = hub.first_parent()
            pool = PROFILES[PROFILE_NAMES[hub.prof[first]]][2]
            relation = RELATION_PICK[pool].pick(rng.random())
            parents = hub.parents_of(first, relation)
            if relation == MERGE and len(parents) < 2:
                relation = FINETUNE
            i = self.child_slot(first, relation)
        else:
            parents, relation = [], FINETUNE
            i = self.root_slot()
        created = self.created()
        lineage = self.lineage(i, parents, relation, created)
        record = self.writer.record(i, created, lineage, rng.random() < P_CARD_EXTRA)
        self.listed_one(i, record)
        if rng.random() < P_DUPLICATE and not lineage.self_ref:
            later = dict(record, downloads=record["downloads"] + 1 + rng.randrange(1000),
                         lastModified=iso(T_END))
            self.pending.append((self.listed + 1 + rng.randrange(5000), later))
            self.pending.sort(key=lambda p: p[0])

    def child_slot(self, first, relation):
        hub, rng = self.hub, self.rng
        if relation == QUANTIZED and rng.random() < QUANTIZER_SHARE:
            org = hub.org_code[QUANTIZERS[hub.quantizer_pick.pick(rng.random())]]
        else:
            org = hub.user_org()
        lic = self.child_licence(first)
        i = hub.new_slot(relation, org, hub.stem[first], hub.prof[first], hub.arch[first],
                         lic, hub.vend[first], True)
        return i

    def root_slot(self):
        hub, rng = self.hub, self.rng
        prof = ROOT_PROFILE_PICK.pick(rng.random())
        lic = LICENCE_CODE[LICENCE_PICK.pick(rng.random())]
        i = hub.new_slot(ROOT, hub.user_org(), hub.word_stem(), prof,
                         ARCH_CODE[random_arch(rng, prof)], lic, -1, True)
        self.count_root_licence(i)
        return i

    def child_licence(self, parent):
        rng = self.rng
        if rng.random() < P_CHILD_NO_LICENCE:
            return 0
        inherited = self.hub.lic[parent]
        if inherited and rng.random() < P_KEEP_LICENCE:
            return inherited
        return LICENCE_CODE[DECLARED_LICENCE_PICK.pick(rng.random())]

    def lineage(self, i, parents, relation, created):
        """Decides how record i writes its parents, links the graph, counts."""
        hub, rng, stats = self.hub, self.rng, self.stats
        lin = Lineage(parents, relation)
        rel_era = created >= REL_TAGS_SINCE
        if parents:
            u = rng.random()
            lin.form = "card" if u < P_CARD_ONLY else "both" if u < P_CARD_ONLY + P_BOTH else "tags"
            lin.rel_tags = rel_era and lin.form != "card"
            lin.card_relation = rel_era and lin.form == "card" and rng.random() < P_CARD_RELATION
            lin.refs = [self.reference(p, lin.form == "card") for p in parents]
            self.count_edges(i, lin)
        elif rng.random() < P_NONE_BASE:
            lin.none_base, lin.form, lin.refs = True, "card", ["None"]
            stats.add("base_model_none")
        if rng.random() < P_SELF_LOOP:
            lin.self_ref = True
            lin.refs.append(hub.model_id(i))
            if not parents and not lin.none_base:
                lin.form = "card" if rng.random() < 0.6 else "tags"
            stats.add("self_loops")
        return lin

    def reference(self, p, in_card):
        """The string a child writes for parent slot p, maybe messy."""
        rng, stats = self.rng, self.stats
        ref = self.hub.model_id(p)
        written = ref
        if rng.random() < P_CASE:
            written = shifted_case(written)
            stats.add("parent_refs_case_shifted")
        if in_card and rng.random() < P_URL:
            written = URL_FORMS[rng.randrange(len(URL_FORMS))].format(written)
            stats.add("parent_refs_url_form")
        assert canonical(written) == canonical(ref), (written, ref)
        return written

    def count_edges(self, i, lin):
        hub, stats = self.hub, self.stats
        hub.link(i, lin.parents)
        n = len(lin.parents)
        stats.add("edges", n)
        stats.add("models_with_parent")
        stats.edges[lin.relation] += n
        source = "tag" if lin.rel_tags else "card" if lin.card_relation else "inferred"
        stats.sources[source] += n
        stats.add({"tags": "lineage_tags_only", "card": "lineage_card_only",
                   "both": "lineage_both"}[lin.form])
        if lin.relation == MERGE:
            stats.merge_parents[n] = stats.merge_parents.get(n, 0) + 1
        child = hub.lic[i]
        for p in lin.parents:
            if child and hub.lic[p] and hub.flags[p] & 1:
                stats.add("licence_edges_both_declare")
                if hub.lic[p] != child:
                    stats.add("licence_edges_changed")

    def count_root_licence(self, i):
        key = LICENCE_KEYS[self.hub.lic[i]] or "none"
        table = self.stats.root_licences
        table[key] = table.get(key, 0) + 1

    def cycle(self):
        """2-3 models, each naming the next as its base: a strong component."""
        hub, rng, stats = self.hub, self.rng, self.stats
        k = 2 if rng.random() < 0.7 else 3
        prof = PROFILE_CODE["llm"]
        slots = [hub.new_slot(FINETUNE, hub.user_org(), hub.word_stem(), prof,
                              ARCH_CODE["llama"], 0, -1, True) for _ in range(k)]
        stats.add("cycles")
        stats.add("cycle_models", k)
        for j, i in enumerate(slots):
            created = self.created()
            lineage = self.lineage(i, [slots[(j + 1) % k]], FINETUNE, created)
            self.listed_one(i, self.writer.record(i, created, lineage, False))


# --- Family statistics -----------------------------------------------------------

def family_sizes(hub):
    """Sizes of the weakly connected components, largest first.  Every slot
    is a graph node: listed, or a ghost created as some child's parent."""
    uf, size = hub.uf, hub.size
    return sorted((size[i] for i in range(len(uf)) if uf[i] == i), reverse=True)


def report(gen, path, seconds):
    hub, stats = gen.hub, gen.stats
    c = stats.count
    models = gen.listed
    externals = sum(1 for f in hub.flags if f == 2)
    referenced = sum(1 for f in hub.flags if f & 2)
    sizes = family_sizes(hub)
    depths = {}
    for i in range(len(hub.depth)):
        if hub.flags[i] & 1 and hub.depth[i]:
            d = min(hub.depth[i], 7)
            depths[d] = depths.get(d, 0) + 1
    rows = [("models", models), ("records", c["records"]),
            ("duplicate_records", c["duplicate_records"]),
            ("externals", externals), ("graph_nodes", models + externals),
            ("edges", c["edges"]),
            ("with_parent_pct", pct(c["models_with_parent"], models)),
            ("families", len(sizes)), ("largest_family", sizes[0] if sizes else 0),
            ("families_1_3_pct", pct(sum(1 for s in sizes if s <= 3), len(sizes))),
            ("families_over_1000", sum(1 for s in sizes if s > 1000))]
    rows += [("family_top%d" % (k + 1), s) for k, s in enumerate(sizes[:10])]
    rows += [("depth_%s" % (str(d) if d < 7 else "7plus"), depths[d]) for d in sorted(depths)]
    rows.append(("depth_max", max(hub.depth)))
    rows += [("edges_" + RELATIONS[r], stats.edges[r]) for r in range(4)]
    rows += [("edges_%s_pct" % RELATIONS[r], pct(stats.edges[r], c["edges"])) for r in range(4)]
    rows += [("relation_source_" + s, stats.sources[s]) for s in ("tag", "card", "inferred")]
    rows += [("merge_parents_%d" % k, stats.merge_parents[k]) for k in sorted(stats.merge_parents)]
    for name in ("lineage_tags_only", "lineage_card_only", "lineage_both"):
        rows.append((name, c[name]))
    rows += [("referenced_parents", referenced),
             ("externals_pct_of_referenced", pct(externals, referenced))]
    for name in ("parent_refs_url_form", "parent_refs_case_shifted", "self_loops",
                 "cycles", "cycle_models", "base_model_none", "card_records", "gated"):
        rows.append((name, c[name]))
    rows.append(("placeholder_dates_pct", pct(c["placeholder_dates"], models)))
    rows.append(("licence_change_pct", pct(c["licence_edges_changed"],
                                           c["licence_edges_both_declare"])))
    roots = sum(stats.root_licences.values())
    for group in ("other", "llama"):
        rows.append(("root_licence_group_%s_pct" % group, pct(sum(
            n for key, n in stats.root_licences.items() if key.startswith(group)), roots)))
    rows += licence_rows("root_licence_", stats.root_licences)
    rows += licence_rows("licence_", stats.licences)
    rows += [("bytes_per_record", round(c["bytes"] / max(1, c["records"]), 1)),
             ("seconds", round(seconds, 1))]
    with open(path, "w", encoding="utf-8") as f:
        for name, value in rows:
            f.write("%s\t%s\n" % (name, value))
    return dict(rows)


def licence_rows(prefix, table):
    total = sum(table.values())
    return [(prefix + key + "_pct", pct(n, total))
            for key, n in sorted(table.items(), key=lambda kv: (-kv[1], kv[0]))]


def pct(a, b):
    return round(100.0 * a / b, 2) if b else 0.0


# --- Chain and star --------------------------------------------------------------

def shaped_records(shape, n, seed):
    """--shape chain: m0 <- m1 <- ...; --shape star: one base, n-1 children."""
    rng = random.Random(seed)
    for i in range(n):
        if shape == "chain":
            model_id, parent = "chain-org/m%d" % i, ("chain-org/m%d" % (i - 1) if i else None)
        else:
            model_id, parent = ("star-org/base", None) if i == 0 else \
                ("star-org/c%d" % i, "star-org/base")
        head, tail, library, pipeline = tag_layout(rng, "llm", "llama", FINETUNE, None)
        if parent:
            head.append("base_model:" + parent)
        head.append("license:apache-2.0")
        t = time_at(PLACEHOLDER_SHARE + (1 - PLACEHOLDER_SHARE) * i / n)
        yield {"_id": "%08x%016x" % (t, i), "id": model_id,
               "author": model_id.split("/")[0], "lastModified": iso(t),
               "likes": 0, "private": False, "downloads": rng.randrange(100),
               "tags": head + tail, "pipeline_tag": pipeline, "library_name": library,
               "createdAt": iso(t), "modelId": model_id}


# --- Output ----------------------------------------------------------------------

class Sink:
    """Buffered JSON-lines writer into a temporary file renamed on success."""

    def __init__(self, out, plain):
        self.out = out
        fd, self.tmp = tempfile.mkstemp(prefix="." + os.path.basename(out) + ".",
                                        dir=os.path.dirname(os.path.abspath(out)))
        self.raw = os.fdopen(fd, "wb")
        self.f = self.raw if plain else gzip.GzipFile(filename="", mode="wb", fileobj=self.raw,
                                                      compresslevel=6, mtime=0)
        self.lines = []
        self.bytes = 0
        self.dumps = json.JSONEncoder(ensure_ascii=False).encode

    def __call__(self, record):
        line = self.dumps(record)
        self.bytes += len(line) + 1
        self.lines.append(line)
        if len(self.lines) >= 2000:
            self.flush()

    def flush(self):
        self.lines.append("")
        self.f.write("\n".join(self.lines).encode("utf-8"))
        self.lines = []

    def commit(self):
        if self.lines:
            self.flush()
        if self.f is not self.raw:
            self.f.close()
        self.raw.flush()
        os.fsync(self.raw.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(self.raw.fileno(), 0o666 & ~umask)  # mkstemp made it 0600
        self.raw.close()
        os.replace(self.tmp, self.out)

    def abort(self):
        self.raw.close()
        os.unlink(self.tmp)


def main(argv=None):
    ap = argparse.ArgumentParser(description="Hub-shaped listing for lineage benchmarks.")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--plain", action="store_true", help="no gzip")
    ap.add_argument("--stats", metavar="FILE", help="write the shape report here")
    ap.add_argument("--shape", choices=("hub", "chain", "star"), default="hub")
    ap.add_argument("n", type=int, metavar="N")
    ap.add_argument("out", metavar="OUT")
    args = ap.parse_args(argv)
    if args.n < 1:
        ap.error("N must be at least 1")
    if args.stats and args.shape != "hub":
        ap.error("--stats describes the hub shape only")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # clean up the temporary
    start = time.monotonic()
    sink = Sink(args.out, args.plain)
    try:
        if args.shape == "hub":
            gen = Generator(args.n, args.seed, sink)
            gen.run()
        else:
            for record in shaped_records(args.shape, args.n, args.seed):
                sink(record)
        sink.commit()
    except BaseException:
        sink.abort()
        raise
    seconds = time.monotonic() - start
    if args.shape == "hub":
        gen.stats.count["bytes"] = sink.bytes
        figures = report(gen, args.stats, seconds) if args.stats else None
        summary = "%d models, %d records" % (gen.listed, gen.stats.count["records"])
        if figures:
            summary += ", %d externals, %d edges, %d families (largest %d)" % (
                figures["externals"], figures["edges"], figures["families"],
                figures["largest_family"])
    else:
        summary = "%d models (%s)" % (args.n, args.shape)
    print("gen_hub: %s, %.1f MB JSON in %.1f s -> %s" % (summary, sink.bytes / 1e6, seconds,
                                                       args.out), file=sys.stderr)


if __name__ == "__main__":
    main()
