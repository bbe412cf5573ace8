"""The pipeline's stages, one module each, in the order of DESIGN.md:
read, layout, meta, nlp, entities, attributions, quantities, times."""
