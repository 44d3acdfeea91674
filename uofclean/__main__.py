from uofclean.cli import main

main()
