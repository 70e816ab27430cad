import ArgumentParser

RagdBench.main()
