#!/usr/bin/env python3
"""Turn the weights ``scripts/train_encoder.py`` wrote into the folder the encoder tagger loads.

    python scripts/export_encoder.py /tmp/encoder/encoder.pt --out /tmp/encoder/export [--float]

Writes to the folder ``--out``:
- ``encoder.onnx``: the encoder and the token head (inputs ``ids`` and ``mask`` [batch, pieces];
  outputs ``hidden`` [batch, pieces, 384] and ``tags`` [batch, pieces, labels]), quantized to int8
  with one scale per output channel (one scale per tensor damages the piece vectors);
- ``roles.npz``: the role head's weights (float32, small), run in NumPy;
- ``tokenizer.json``: the pretrained encoder's tokenizer.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

import numpy as np
import torch
from train_encoder import Tagger, pretrained_dir


class _Exported(torch.nn.Module):
    def __init__(self, model: Tagger) -> None:
        super().__init__()
        self.model = model

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        h = self.model.encode(ids, mask)
        return h, self.model.token_head(h)


def export(weights: Path, out: Path, *, quantize: bool = True) -> None:
    model = Tagger()
    model.load_state_dict(torch.load(weights, map_location="cpu"))
    model.eval()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        plain = Path(tmp) / "encoder.onnx"
        ids = torch.randint(1000, 2000, (2, 40))
        mask = torch.ones(2, 40, dtype=torch.long)
        torch.onnx.export(
            _Exported(model), (ids, mask), str(plain), input_names=["ids", "mask"],
            output_names=["hidden", "tags"], opset_version=17, dynamo=False,
            dynamic_axes={"ids": {0: "batch", 1: "pieces"}, "mask": {0: "batch", 1: "pieces"},
                          "hidden": {0: "batch", 1: "pieces"}, "tags": {0: "batch", 1: "pieces"}})
        if quantize:
            from onnxruntime.quantization import QuantType, quantize_dynamic

            quantize_dynamic(str(plain), str(out / "encoder.onnx"), per_channel=True, weight_type=QuantType.QInt8)
        else:
            shutil.copy(plain, out / "encoder.onnx")
    sd = {k: v.detach().numpy().astype(np.float32) for k, v in model.state_dict().items() if k.startswith("role_")}
    np.savez_compressed(out / "roles.npz", **sd)
    shutil.copy(pretrained_dir() / "tokenizer.json", out / "tokenizer.json")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("weights", type=Path, help="encoder.pt from scripts/train_encoder.py")
    ap.add_argument("--out", type=Path, required=True, help="the folder to write (EncoderTagger loads it)")
    ap.add_argument("--float", action="store_true", help="keep float32 weights (to measure what int8 costs)")
    args = ap.parse_args()
    export(args.weights, args.out, quantize=not args.float)


if __name__ == "__main__":
    main()
