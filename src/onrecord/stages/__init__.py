"""The pipeline's stages, in the order of :data:`onrecord.pipeline.STAGES`: read, layout, meta,
nlp, entities, attributions, targets, quantities, times, when. A stage with parts is a package
whose ``__init__`` is its face (``NAME``, ``NEEDS``, ``ADDS``, ``run`` and what other code
imports), its files named by job; a stage of one job is a module."""
