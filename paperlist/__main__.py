from paperlist.cli import main

main()
