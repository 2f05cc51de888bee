using System;

namespace Demo
{
    // <snippetMain>
    class Program
    {
        #region Setup
        static int Count = 3;
        // <inner>
        static string Name = "<demo>";
        // </inner>
        #endregion

        static void Main()
        {
	    Console.WriteLine(Name);
        }
    }
    // </snippetMain>
}
