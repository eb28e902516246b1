"""Where the SVD-XT UNet step spends its time, and which lossless levers move it (one GPU, one process).

    python bench/explore_svd.py OUT_DIR [--deadline SECONDS]

Full-size SVD-XT with random weights (`fluxmk.bench.build_svd`), bf16, one UNet call with CFG (batch 2 × 25 frames,
1024×576). Measures: eager time and kernel profile by category; SDPA backends on the UNet's attention shapes;
channels-last; regional compilation of the repeated blocks (compile time, step time, profile); a CUDA graph of the
whole compiled call; two transitions in one call (batch 4); the temporal decoder. Writes `explore_svd.json` after every
section, so a process stopped at its deadline keeps what it measured. Notes: bench/NOTES.md.
"""
import os, sys, json, time, math, argparse, traceback, statistics
from pathlib import Path
import torch
import torch.nn.functional as F

CATEGORIES = (  # first match wins: kernel-name fragments → what the kernel does
    ('attention', ('flash', 'fmha', 'attention', 'sdpa', 'cudnn_generated_fort_native_sdpa', 'cutlass_kernel_mha')),
    ('conv', ('conv', 'implicit', 'winograd', 'dgrad', 'xmma_fprop', 'fprop', 'cudnn')),
    ('gemm', ('gemm', 'sm90_xmma', 'cutlass', 'nvjet', 'matmul', 'mm_')),
    ('norm', ('norm', 'welford', 'group')),
    ('layout', ('nchwtonhwc', 'nhwctonchw', 'transpose', 'copy', 'permute', 'cat')),
    ('triton', ('triton',)),
    ('elementwise', ('elementwise', 'vectorized', 'reduce', 'unrolled')),
)


def category(name: str) -> str:
    low = name.lower()
    for cat, keys in CATEGORIES:
        if any(k in low for k in keys): return cat
    return 'other'


CUDA = torch.cuda.is_available()
sync = torch.cuda.synchronize if CUDA else (lambda: None)


def median_s(fn, reps=5, warmup=1):
    for _ in range(warmup): fn()
    sync()
    times = []
    for _ in range(reps):
        if not CUDA: t0 = time.perf_counter(); fn(); times.append(time.perf_counter() - t0); continue
        a, b = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        a.record(); fn(); b.record(); b.synchronize()
        times.append(a.elapsed_time(b) / 1e3)
    return statistics.median(times)


def conv_format(module, fmt) -> int:
    "Put the 2-D convolutions of `module` in memory format `fmt` (Conv3d weights have no channels-last of rank 4)."
    convs = [m for m in module.modules() if isinstance(m, torch.nn.Conv2d)]
    for m in convs: m.to(memory_format=fmt)
    return len(convs)


def first_call_s(fn):
    sync(); t0 = time.perf_counter(); fn(); sync()
    return time.perf_counter() - t0


def profile(fn, top=25) -> dict:
    "Kernels of one call of `fn`: total device ms, kernel count, the top kernels and the share of each category."
    from torch.profiler import profile as prof, ProfilerActivity
    fn(); sync()
    with prof(activities=[ProfilerActivity.CUDA if CUDA else ProfilerActivity.CPU]) as p:
        fn(); sync()
    key = 'self_device_time_total' if CUDA else 'self_cpu_time_total'
    rows = [e for e in p.key_averages() if getattr(e, key, 0) > 0]
    total = sum(getattr(e, key) for e in rows) or 1
    cats = {}
    for e in rows: cats[category(e.key)] = cats.get(category(e.key), 0) + getattr(e, key)
    rows.sort(key=lambda e: -getattr(e, key))
    return dict(device_ms=round(total / 1e3, 2), kernels=sum(e.count for e in rows),
                categories={k: round(v / total, 4) for k, v in sorted(cats.items(), key=lambda kv: -kv[1])},
                top=[dict(kernel=e.key[:110], ms=round(getattr(e, key) / 1e3, 3), calls=e.count,
                          share=round(getattr(e, key) / total, 4), cat=category(e.key)) for e in rows[:top]])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('out'); ap.add_argument('--deadline', type=float, default=520)
    ap.add_argument('--frames', type=int, default=25)
    ap.add_argument('--tiny', action='store_true', help="fluxmk's tiny SVD on the CPU: a smoke test of this script")
    a = ap.parse_args()
    t_start = time.perf_counter()
    left = lambda: a.deadline - (time.perf_counter() - t_start)
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    res = dict(card=torch.cuda.get_device_name(0) if CUDA else 'CPU', torch=torch.__version__, sections={})

    def save(): (out / 'explore_svd.json').write_text(json.dumps(res, indent=1))

    def section(name, need=0):
        def wrap(fn):
            if left() < need:
                res['sections'][name] = dict(skipped=f'{left():.0f} s left, needs ~{need} s'); save(); return
            t0 = time.perf_counter()
            try: r = fn()
            except Exception as e: r = dict(error=f'{type(e).__name__}: {e}', traceback=traceback.format_exc()[-3000:])
            r = dict(r or {}, section_seconds=round(time.perf_counter() - t0, 1))
            res['sections'][name] = r; save()
            print(f'[explore] {name}: {json.dumps({k: v for k, v in r.items() if k not in ("top", "traceback")})[:600]}',
                  flush=True)
            if 'traceback' in r: print(r['traceback'][-1500:], flush=True)
        return wrap

    from fluxmk.bench import build_svd, matmul_peak_tflops, count_tflop
    dev, dtype = (torch.device('cuda'), torch.bfloat16) if CUDA else (torch.device('cpu'), torch.float32)
    peak = matmul_peak_tflops(dev, 8192 if CUDA else 256)
    res['peak_tflops'] = round(peak, 1)
    svd = build_svd(dev, dtype, tiny=a.tiny)
    unet = svd.unet
    cfg = unet.config
    frames, h, w = (a.frames, 576 // 8, 1024 // 8) if not a.tiny else (3, 4, 6)
    heads0, cross, cin = cfg.num_attention_heads[0], cfg.cross_attention_dim, cfg.in_channels
    head_dim = cfg.block_out_channels[0] // heads0
    g = torch.Generator('cpu').manual_seed(0)

    def inputs(batch):
        x = torch.randn(batch, frames, cin, h, w, generator=g).to(dev, dtype)
        emb = torch.randn(batch, 1, cross, generator=g).to(dev, dtype)
        ids = torch.tensor([[6., 127., 0.02]] * batch).to(dev, dtype)
        t = torch.tensor(0.25 * math.log(10.0), device=dev)
        return x, t, emb, ids

    x2 = inputs(2)
    call2 = lambda: unet(x2[0], x2[1], encoder_hidden_states=x2[2], added_time_ids=x2[3], return_dict=False)[0]
    with torch.no_grad():
        tflop = count_tflop(call2)
        res['tflop_per_call'] = round(tflop, 2)
        ref = call2().float()
        share = lambda s: round(tflop / s / peak, 3)

        @section('eager')
        def _():
            s = median_s(call2); return dict(seconds=round(s, 4), share_of_peak=share(s), **profile(call2))

        @section('sdpa_shapes')
        def _():
            from torch.nn.attention import sdpa_kernel, SDPBackend
            shapes = {'spatial_l0': (2 * frames, heads0, h * w, head_dim),
                      'spatial_l1': (2 * frames, 2 * heads0, h * w // 4, head_dim),
                      'temporal_l0': (2 * h * w, heads0, frames, head_dim)}
            r = {}
            for name, shp in shapes.items():
                q, k, v = (torch.randn(shp, device=dev, dtype=dtype) for _ in range(3))
                flop = 4 * shp[0] * shp[1] * shp[2] ** 2 * shp[3]
                row = {}
                for label, be in (('default', None), ('flash', SDPBackend.FLASH_ATTENTION),
                                  ('efficient', SDPBackend.EFFICIENT_ATTENTION), ('cudnn', SDPBackend.CUDNN_ATTENTION)):
                    try:
                        if be is None: s = median_s(lambda: F.scaled_dot_product_attention(q, k, v), 10, 2)
                        else:
                            with sdpa_kernel(be): s = median_s(lambda: F.scaled_dot_product_attention(q, k, v), 10, 2)
                        row[label] = dict(ms=round(s * 1e3, 3), tflops=round(flop / s / 1e12, 1))
                    except Exception as e: row[label] = f'{type(e).__name__}: {str(e)[:80]}'
                r[name] = row
                del q, k, v
            return r

        @section('eager_channels_last')
        def _():
            n = conv_format(unet, torch.channels_last)
            s = median_s(call2)
            err = ((call2().float() - ref).norm() / ref.norm()).item()
            conv_format(unet, torch.contiguous_format)
            return dict(convs=n, seconds=round(s, 4), share_of_peak=share(s), rel_l2=err)

        import torch._dynamo.config as dc
        dc.cache_size_limit = max(dc.cache_size_limit, 64)
        if hasattr(dc, 'recompile_limit'): dc.recompile_limit = max(dc.recompile_limit, 64)
        repeated = ('SpatioTemporalResBlock', 'TransformerSpatioTemporalModel')

        @section('regional_repeated', need=120)
        def _():
            n = 0
            for m in unet.modules():
                if type(m).__name__ in repeated: m.compile(fullgraph=False, dynamic=False); n += 1
            first = first_call_s(call2)
            s = median_s(call2, 5, 1)
            err = ((call2().float() - ref).norm() / ref.norm()).item()
            return dict(compiled_modules=n, first_call_seconds=round(first, 1), seconds=round(s, 4),
                        share_of_peak=share(s), rel_l2=err, **profile(call2))

        @section('regional_cuda_graph', need=40)
        def _():
            if not CUDA: return dict(skipped='needs CUDA')
            static = [t.clone() for t in x2]
            fn = lambda: unet(static[0], static[1], encoder_hidden_states=static[2], added_time_ids=static[3],
                              return_dict=False)[0]
            stream = torch.cuda.Stream(); stream.wait_stream(torch.cuda.current_stream())
            with torch.cuda.stream(stream):
                for _ in range(2): fn()
            torch.cuda.current_stream().wait_stream(stream)
            graph = torch.cuda.CUDAGraph()
            with torch.cuda.graph(graph): y = fn()
            s = median_s(graph.replay, 5, 1)
            err = ((y.float() - ref).norm() / ref.norm()).item()
            host = time.perf_counter(); fn(); host = time.perf_counter() - host  # host time to enqueue one call
            torch.cuda.synchronize()
            return dict(seconds=round(s, 4), share_of_peak=share(s), rel_l2=err, host_enqueue_seconds=round(host, 4))

        @section('regional_batch4', need=100)
        def _():
            x4 = inputs(4)
            call4 = lambda: unet(x4[0], x4[1], encoder_hidden_states=x4[2], added_time_ids=x4[3], return_dict=False)[0]
            first = first_call_s(call4)
            s = median_s(call4, 3, 1)
            return dict(first_call_seconds=round(first, 1), seconds=round(s, 4), per_transition=round(s / 2, 4),
                        share_of_peak=share(s / 2))

        @section('regional_channels_last', need=100)
        def _():
            conv_format(unet, torch.channels_last)
            first = first_call_s(call2)
            s = median_s(call2, 5, 1)
            err = ((call2().float() - ref).norm() / ref.norm()).item()
            r = dict(first_call_seconds=round(first, 1), seconds=round(s, 4), share_of_peak=share(s), rel_l2=err,
                     **profile(call2))
            conv_format(unet, torch.contiguous_format)
            return r

        @section('decode', need=30)
        def _():
            lat = torch.randn(1, frames, 4, h, w, generator=g).to(dev, dtype)
            r = {}
            for chunk in (8, frames):
                s = median_s(lambda: svd.decode_latents(lat, frames, chunk), 3, 1)
                r[f'chunk_{chunk}'] = round(s, 3)
            return r

        @section('regional_fp8', need=120)
        def _():
            if not CUDA: return dict(skipped='needs CUDA')
            from fluxmk.speed import quantize_fp8
            quantize_fp8(unet)
            torch._dynamo.reset()
            for m in unet.modules():
                if type(m).__name__ in repeated: m.compile(fullgraph=False, dynamic=False)
            first = first_call_s(call2)
            s = median_s(call2, 5, 1)
            err = ((call2().float() - ref).norm() / ref.norm()).item()
            return dict(first_call_seconds=round(first, 1), seconds=round(s, 4), share_of_peak=share(s), rel_l2=err,
                        **profile(call2))

        @section('full_compile', need=240)
        def _():
            for m in unet.modules():
                if getattr(m, '_compiled_call_impl', None) is not None: m._compiled_call_impl = None
            torch._dynamo.reset()
            unet.compile(fullgraph=False, dynamic=False)
            first = first_call_s(call2)
            s = median_s(call2, 5, 1)
            err = ((call2().float() - ref).norm() / ref.norm()).item()
            return dict(first_call_seconds=round(first, 1), seconds=round(s, 4), share_of_peak=share(s), rel_l2=err,
                        **profile(call2))

    try:
        art = torch.compiler.save_cache_artifacts()
        if art: (out / 'svd_cache.bin').write_bytes(art[0]); res['cache_bytes'] = len(art[0])
    except Exception as e: res['cache_error'] = str(e)
    res['seconds'] = round(time.perf_counter() - t_start, 1); save()
    print(json.dumps({k: v for k, v in res.items() if k != 'sections'}))


if __name__ == '__main__':
    main()
