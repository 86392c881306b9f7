fn main() {
    std::process::exit(conlab::cli::main());
}
