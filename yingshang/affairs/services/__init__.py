"""Writes of 政务服务, one module per seam: ``catalogue`` (items, shared elements, guides, import),
``cases`` (the one-window desk, sub-cases, the clock), ``ratings`` (好差评 and 整改)."""
