"""Synthetic extracts with exact ground truth, for tests, the demo and benchmarks."""

from uofclean.synth.extract import Synthetic, generate, write
from uofclean.synth.generator import SynthOptions

__all__ = ["SynthOptions", "Synthetic", "generate", "write"]
