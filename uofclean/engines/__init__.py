"""Engines that run the batch functions of uofclean.redact.batch somewhere other than the
local worker pool (Dask) or inside another engine's job (Spark)."""
