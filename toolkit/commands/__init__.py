"""One module per `cpt97530` subcommand (see toolkit.cli.COMMANDS)."""
