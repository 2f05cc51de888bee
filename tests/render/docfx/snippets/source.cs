using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using System.Data;
using System.Globalization;

namespace TableSnippets
{
    class Program
    {
        static void Main(string[] args)
        {
            var s = "it's &amp; <ok>";
        }
    }
}
