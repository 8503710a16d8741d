from tiaki.config.cli import main

main()
