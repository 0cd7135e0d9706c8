// Top-level statements generate an internal Program class; the functional tests' WebApplicationFactory<Program>
// needs to see it.
public partial class Program;
