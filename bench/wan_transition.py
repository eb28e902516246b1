"""The `wan_transition` workload: one Wan2.1-FLF2V-14B-720P transition (full-size architecture, random weights), the stock
`WanImageToVideoPipeline(image=, last_image=)` call and fluxmk's `interpolate_wan` timed in one process (`fluxmk.wan_bench`).

    python bench/wan_transition.py --deadline 450       # 1280×720, 81 frames: stock and fluxmk at 1 step, stock at 2, projected to 50
    python bench/wan_transition.py --frames 41 --steps 2 4
    python bench/wan_transition.py --device cpu --tiny --frames 5 --width 64 --height 32 --steps 1 2 --out-dir /tmp/wan
"""
from fluxmk.wan_bench import wan_bench_main

if __name__ == '__main__': wan_bench_main()
