//! The LSP layer: the only module that knows ls_types. Converts positions and types and
//! delegates every request to `analysis`.
