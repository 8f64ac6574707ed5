global using Gureum.Testing;
