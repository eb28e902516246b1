"""The `wan_transition` workload: one Wan2.1-FLF2V-14B-720P transition (full-size architecture, random weights), the stock
`WanImageToVideoPipeline(image=, last_image=)` call and fluxmk's `interpolate_wan` timed in one process.

    python bench/wan_transition.py                       # 1280×720, 81 frames, stock at 2 and 3 steps, projected to 50
    python bench/wan_transition.py --frames 41 --steps 2 4
"""
from fluxmk.wan import wan_bench_main

if __name__ == '__main__': wan_bench_main()
