//! `join --stream FILE`: the stream–stream join within a time bound (not built yet).

use crate::error::Result;
use crate::ops::{BuildContext, Stage};

use super::{Args, Attach, OnKeys};

/// Builds the stream join.
pub fn build(
    _args: Args,
    _on: OnKeys,
    _attach: Attach,
    ctx: &BuildContext,
) -> Result<Box<dyn Stage>> {
    Err(ctx.usage("join", "--stream is not built yet").into())
}
