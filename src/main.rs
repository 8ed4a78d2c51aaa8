//! The `marrow` program: the command line in `cli/`, the game and the model in the library.

/// mimalloc rather than the system allocator: it keeps the many small allocations of cells being
/// born and dying (and, in `marrow bench`, of rapier's contact manifolds) close together, on huge
/// pages where the system allows. The output is byte-identical with either allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
