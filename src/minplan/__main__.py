from minplan.cli import main

main()
