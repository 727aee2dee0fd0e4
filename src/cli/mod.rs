//! The command line front: `check` and `sheet` over a one-call workspace.
