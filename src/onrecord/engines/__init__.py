"""Engines that run the pipeline over corpora larger than one process.

:mod:`~onrecord.engines.ray_runner` spreads :func:`onrecord.process_many` over
a Ray cluster (or a local Ray instance) with Ray Data, and writes Parquet;
:mod:`~onrecord.engines.parquet` is that output's layout and its readers,
which need no Ray. Ray is an optional extra: ``pip install 'onrecord[ray]'``.
"""
