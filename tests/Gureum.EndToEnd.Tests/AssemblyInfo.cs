using Xunit;

// Each class starts a whole gureum local; one at a time keeps a 2-core machine responsive.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
