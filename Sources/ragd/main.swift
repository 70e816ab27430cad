import ArgumentParser

Ragd.main()
