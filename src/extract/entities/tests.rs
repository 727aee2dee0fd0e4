//! Detection, guards and coreference on small articles written for these tests.

use std::sync::Arc;

use super::super::{Analysis, Context, MentionForm, analyze};
use crate::kb::{EntityKind, KnowledgeBase};

fn run(text: &str) -> Analysis {
    analyze(text, &Context::new(Arc::new(KnowledgeBase::empty())))
}
